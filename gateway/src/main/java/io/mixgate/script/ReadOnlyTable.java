package io.mixgate.script;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * A Lua table that refuses every write after it has been filled: assignment, {@code rawset},
 * {@code table.insert/remove/sort}. Used for what all VMs share, so no script can change it.
 *
 * <p>Thread-safe once {@link #freeze()}d: reads of a table nobody writes.
 */
final class ReadOnlyTable extends LuaTable {
    private final String what;
    private boolean frozen;

    ReadOnlyTable(String what) {
        this.what = what;
    }

    /** Ends filling; every later write raises an error. */
    ReadOnlyTable freeze() {
        frozen = true;
        return this;
    }

    @Override
    public void rawset(int key, LuaValue value) {
        check();
        super.rawset(key, value);
    }

    @Override
    public void rawset(LuaValue key, LuaValue value) {
        check();
        super.rawset(key, value);
    }

    @Override
    public void hashset(LuaValue key, LuaValue value) {
        check();
        super.hashset(key, value);
    }

    @Override
    public void insert(int pos, LuaValue value) {
        check();
        super.insert(pos, value);
    }

    @Override
    public LuaValue remove(int pos) {
        check();
        return super.remove(pos);
    }

    @Override
    public void sort(LuaValue comparator) {
        check();
        super.sort(comparator);
    }

    @Override
    public LuaValue setmetatable(LuaValue metatable) {
        check();
        return super.setmetatable(metatable);
    }

    private void check() {
        if (frozen) {
            throw new LuaError(what + " is read-only");
        }
    }
}
