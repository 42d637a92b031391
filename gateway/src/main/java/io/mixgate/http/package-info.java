/**
 * The outgoing HTTP of {@code mix.http.request}, as the Lua binding ({@code script/}) and the
 * clients that send it ({@code transport/http/}, the JDK client here) both see it: the
 * {@link io.mixgate.http.ScriptHttpClient} seam and its request and response types. Depends on
 * neither Netty nor LuaJ, so that {@code script/} and {@code transport/} need not know each other.
 */
package io.mixgate.http;
