package io.mixgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mixgate.CommandLine.Command;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandLineTest {

    private static CommandLine parse(String... args) {
        return CommandLine.parse(args);
    }

    @Test
    void keepsMixgatesOwnForm() {
        CommandLine cli = parse("--config", "a.yaml", "--set", "apiServer.port=1", "--set=servers[0].port=2");

        assertEquals(new CommandLine(Command.RUN, Path.of("a.yaml"), List.of("apiServer.port=1", "servers[0].port=2")), cli);
        assertEquals(new CommandLine(Command.RUN, Path.of("b.yaml"), List.of()), parse("--config=b.yaml"));
        assertEquals(new CommandLine(Command.RUN, Path.of("config/gateway.yaml"), List.of()), parse());
    }

    @Test
    void readsConnmixCommands() {
        for (String mode : List.of("dev", "single", "engine")) {
            assertEquals(new CommandLine(Command.RUN, Path.of("conf/connmix.yaml"), List.of()),
                    parse(mode, "-f", "conf/connmix.yaml"), mode);
        }
        assertEquals(new CommandLine(Command.RUN, Path.of("c.yaml"), List.of()), parse("single", "-f", "c.yaml", "-p", "4"));
        assertEquals(Command.CENTER, parse("center", "-f", "conf/connmix.yaml").command());
        assertEquals(new CommandLine(Command.CHECK, Path.of("x.yaml"), List.of("a.b=1")),
                parse("check", "-f", "x.yaml", "--set", "a.b=1"));
        assertEquals(new CommandLine(Command.CHECK, Path.of("x.yaml"), List.of()), parse("check", "--config", "x.yaml"));
        assertEquals(Command.DEFAULTS, parse("defaults").command());
        assertEquals(Command.HELP, parse("single", "--help").command());
        assertEquals(Command.HELP, parse("-h").command());
    }

    @Test
    void refusesWhatItDoesNotKnow() {
        assertEquals("unknown command: serve (expected: dev, single, engine, check, defaults or an option)",
                assertThrows(IllegalArgumentException.class, () -> parse("serve")).getMessage());
        assertEquals("unknown argument: --port",
                assertThrows(IllegalArgumentException.class, () -> parse("single", "--port", "1")).getMessage());
        assertEquals("-f needs a value", assertThrows(IllegalArgumentException.class, () -> parse("single", "-f")).getMessage());
        assertEquals("--set needs a value", assertThrows(IllegalArgumentException.class, () -> parse("--set")).getMessage());
    }
}
