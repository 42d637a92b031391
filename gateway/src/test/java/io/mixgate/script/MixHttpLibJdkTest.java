package io.mixgate.script;

import io.mixgate.http.ScriptHttpClient;
import io.mixgate.http.JdkScriptHttpClient;
import java.net.http.HttpClient;

/** {@code mix.http.request} through the JDK's HTTP client (the node's https path). */
class MixHttpLibJdkTest extends MixHttpLibContract {
    private HttpClient http;

    @Override
    ScriptHttpClient startClient() {
        http = JdkScriptHttpClient.newDefaultClient();
        return new JdkScriptHttpClient(http);
    }

    @Override
    void stopClient() {
        http.shutdownNow();
    }
}
