package io.mixgate.script;

import java.util.function.Function;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The userdata behind a {@code mix.market} object ({@code book:diff()} ...): a calculator and
 * its symbol, with a metatable of methods. A method given bad input answers {@code nil, err}
 * (the calculator is unchanged); calling a method on something else raises.
 *
 * <p>Not thread-safe: the calculator belongs to the VM that made it.
 */
final class MarketHandle<T> {
    final String symbol;
    final T calc;

    private MarketHandle(String symbol, T calc) {
        this.symbol = symbol;
        this.calc = calc;
    }

    static <T> LuaUserdata wrap(String symbol, T calc, LuaTable metatable) {
        return new LuaUserdata(new MarketHandle<>(symbol, calc), metatable);
    }

    /** A metatable whose {@code __index} is {@code methods}. */
    static LuaTable metatable(String kind, LuaTable methods) {
        LuaTable mt = new LuaTable();
        mt.set("__index", methods);
        mt.set("__name", kind);
        mt.set("__metatable", kind); // getmetatable() answers the name: scripts cannot swap the methods
        return mt;
    }

    @SuppressWarnings("unchecked")
    static <T> MarketHandle<T> self(Varargs a, Class<T> type, String method) {
        LuaValue v = a.arg1();
        if (v instanceof LuaUserdata u && u.m_instance instanceof MarketHandle<?> h && type.isInstance(h.calc)) {
            return (MarketHandle<T>) h;
        }
        throw new LuaError(method + ": call it with ':' on the object it belongs to");
    }

    /** A method body whose input errors become {@code nil, "name: message"}. */
    static NamedFunction method(String name, Function<Varargs, Varargs> body) {
        return NamedFunction.of(name, a -> {
            try {
                return body.apply(a);
            } catch (IllegalArgumentException | IllegalStateException | ArithmeticException e) {
                return NamedFunction.failure(name + ": " + e.getMessage());
            }
        });
    }
}
