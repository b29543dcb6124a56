package io.eraft.dist.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bench} and {@code bench-shard} share their load options, each with its own default number of clients. */
class LoadOptionsTest {
    @Test
    void eachCommandKeepsItsOwnDefaultNumberOfClientsAndShowsIt() {
        CommandLine bench = new CommandLine(new BenchCommand());
        CommandLine shard = new CommandLine(new ShardBenchCommand());
        bench.parseArgs("--servers", "n1=127.0.0.1:7101");
        shard.parseArgs();
        assertEquals(16, ((BenchCommand) bench.getCommand()).load.clients);
        assertEquals(32, ((ShardBenchCommand) shard.getCommand()).load.clients);
        assertTrue(bench.getUsageMessage().contains("Concurrent clients (default 16)."), bench.getUsageMessage());
        assertTrue(shard.getUsageMessage().contains("Concurrent clients (default 32)."), shard.getUsageMessage());
    }

    @Test
    void aGivenNumberOfClientsLastsOneParseAndTheDefaultReturnsAfterIt() {
        ShardBenchCommand command = new ShardBenchCommand();
        CommandLine cl = new CommandLine(command);
        cl.parseArgs("--clients", "5", "--keys", "7", "--value-size", "9", "--read-ratio", "0.1");
        assertEquals(5, command.load.clients);
        assertEquals(7, command.load.keys);
        assertEquals(9, command.load.valueSize);
        assertEquals(0.1, command.load.readRatio);
        cl.parseArgs();
        assertEquals(32, command.load.clients);
        assertEquals(10_000, command.load.keys);
    }
}
