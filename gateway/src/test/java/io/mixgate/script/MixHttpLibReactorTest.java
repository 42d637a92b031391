package io.mixgate.script;

import io.mixgate.http.JdkScriptHttpClient;
import io.mixgate.http.ScriptHttpClient;
import io.mixgate.transport.EventLoops;
import io.mixgate.transport.http.ReactorScriptHttpClient;
import java.net.http.HttpClient;

/** {@code mix.http.request} through the node's client (Reactor Netty for http) with the JDK client behind it. */
class MixHttpLibReactorTest extends MixHttpLibContract {
    private EventLoops loops;
    private HttpClient jdk;
    private ReactorScriptHttpClient reactor;

    @Override
    ScriptHttpClient startClient() {
        loops = new EventLoops(2);
        jdk = JdkScriptHttpClient.newDefaultClient();
        reactor = new ReactorScriptHttpClient(loops, new JdkScriptHttpClient(jdk));
        return reactor;
    }

    @Override
    void stopClient() {
        reactor.close();
        loops.close();
        jdk.shutdownNow();
    }
}
