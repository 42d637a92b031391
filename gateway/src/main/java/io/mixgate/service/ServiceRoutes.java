package io.mixgate.service;

import io.mixgate.api.ScriptRoutes;
import io.mixgate.config.RouteConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The {@code routes[]} of the config as the API server sees them: each route's function runs on
 * its service's lane (so it sees the service's state, one call at a time with its other
 * callbacks), bounded by the route's {@code timeout} (the reply is then 504; the function may
 * still finish, its answer dropped) and by the script budget. Immutable; thread-safe.
 */
public final class ServiceRoutes implements ScriptRoutes {
    private final List<RouteConfig> configs;
    private final Map<String, ServiceNode> services;
    private final List<Route> routes;

    public ServiceRoutes(List<RouteConfig> configs, Map<String, ServiceNode> services) {
        this.configs = List.copyOf(configs);
        this.services = Map.copyOf(services);
        List<Route> list = new ArrayList<>();
        for (RouteConfig r : configs) {
            list.add(new Route(r.method(), r.path(), switch (r.role()) {
                case "public" -> Access.PUBLIC;
                case "read" -> Access.READ;
                default -> Access.WRITE;
            }));
        }
        this.routes = List.copyOf(list);
    }

    @Override
    public List<Route> routes() {
        return routes;
    }

    @Override
    public CompletionStage<Response> answer(int index, Request request) {
        RouteConfig route = configs.get(index);
        ServiceNode service = services.get(route.service());
        if (service == null) {
            return CompletableFuture.failedFuture(new RouteFailedException("service " + route.service() + " is not running"));
        }
        return service.route(route.function(), request).orTimeout(route.timeout().toMillis(), TimeUnit.MILLISECONDS);
    }
}
