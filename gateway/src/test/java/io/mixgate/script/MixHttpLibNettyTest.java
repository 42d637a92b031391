package io.mixgate.script;

import io.mixgate.http.JdkScriptHttpClient;
import io.mixgate.http.ScriptHttpClient;
import io.mixgate.transport.EventLoops;
import io.mixgate.transport.http.NettyScriptHttpClient;
import java.net.http.HttpClient;

/** {@code mix.http.request} through the node's client (its own Netty client for http) with the JDK client behind it. */
class MixHttpLibNettyTest extends MixHttpLibContract {
    private EventLoops loops;
    private HttpClient jdk;
    private NettyScriptHttpClient netty;

    @Override
    ScriptHttpClient startClient() {
        loops = new EventLoops(2);
        jdk = JdkScriptHttpClient.newDefaultClient();
        netty = new NettyScriptHttpClient(loops, new JdkScriptHttpClient(jdk));
        return netty;
    }

    @Override
    void stopClient() {
        netty.close();
        loops.close();
        jdk.shutdownNow();
    }
}
