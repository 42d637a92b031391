package io.mixgate.script;

/**
 * One immutable version of a server's scripts: its id (1, 2, … per server, in order of
 * swapping in), its compiled files and the pool of VMs that run them. A callback borrows a VM
 * from the version that is current when it starts and finishes on it, whatever is swapped in
 * meanwhile.
 *
 * <p>Thread-safe: the bundle is immutable and the pool is thread-safe.
 */
record ScriptVersion(long id, ScriptBundle bundle, LuaVmPool pool) {
}
