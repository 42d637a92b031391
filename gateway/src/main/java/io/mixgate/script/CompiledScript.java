package io.mixgate.script;

import org.luaj.vm2.Prototype;

/**
 * One compiled entry script: the prototype every VM of a version instantiates, so the source is
 * parsed once however many VMs run it. Immutable and thread-safe (LuaJ prototypes are not
 * changed by execution).
 *
 * @param name      the chunk name errors show, normally the path as configured
 * @param prototype the compiled main chunk
 */
record CompiledScript(String name, Prototype prototype) {
}
