package io.eraft.dist.cli;

import io.eraft.api.transport.NodeId;
import io.eraft.dist.server.ConfigException;
import io.eraft.dist.server.PeerList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PeerListTest {
    @Test
    void parsesEntriesInTheOrderGivenAndFormatsThemBack() {
        PeerList p = PeerList.parse(" n2=127.0.0.1:7102, n1=localhost:7101,n3=[::1]:7103 ", "--peers");
        assertEquals(List.of(NodeId.of("n2"), NodeId.of("n1"), NodeId.of("n3")), p.ids());
        assertEquals("localhost:7101", p.addressOf(NodeId.of("n1")));
        assertEquals("[::1]:7103", p.addressOf(NodeId.of("n3")));
        assertEquals("n2=127.0.0.1:7102,n1=localhost:7101,n3=[::1]:7103", p.format());
        assertEquals(p, PeerList.parse(p.format(), "--peers"));
    }

    @Test
    void bareAddressesNameTheirNodesAndFormatBackBare() {
        PeerList p = PeerList.parse("127.0.0.1:7201, [::1]:7202,n3=127.0.0.1:7203", "--peers");
        assertEquals(List.of(NodeId.of("127.0.0.1:7201"), NodeId.of("[::1]:7202"), NodeId.of("n3")), p.ids());
        assertEquals("[::1]:7202", p.addressOf(NodeId.of("[::1]:7202")));
        assertEquals("127.0.0.1:7201,[::1]:7202,n3=127.0.0.1:7203", p.format());
        assertEquals(false, p.namedByAddress());
        assertEquals(true, PeerList.parse("127.0.0.1:7201,127.0.0.1:7202", "--peers").namedByAddress());
    }

    @ParameterizedTest(name = "''{0}'' is refused: {1}")
    @CsvSource(delimiter = '|', value = {
        "n1                                   | entry 'n1' is not id=host:port",
        "n1=                                  | entry 'n1=' is not id=host:port",
        "=127.0.0.1:1                         | entry '=127.0.0.1:1' is not id=host:port",
        "n1=127.0.0.1                         | the address '127.0.0.1' of node n1 is not host:port",
        "n1=127.0.0.1:http                    | is not host:port",
        "n1=127.0.0.1:70000                   | the port of node n1 (70000) is not in 1..65535",
        "n1=127.0.0.1:0                       | the port of node n1 (0) is not in 1..65535",
        "n1=a:1,n1=b:2                        | node n1 is listed twice",
        "n1=a:1,n2=a:1                        | nodes n1 and n2 have the same address a:1",
        "n 1=a:1                              | bad node id 'n 1'",
        "' , '                                | it names no node",
        "127.0.0.1:1,n2=127.0.0.1:1           | nodes 127.0.0.1:1 and n2 have the same address"})
    void malformedListsAreRefusedNamingTheEntryAndTheFormat(String text, String why) {
        ConfigException e = assertThrows(ConfigException.class, () -> PeerList.parse(text, "--peers"));
        assertTrue(e.getMessage().contains(why), e.getMessage());
        assertTrue(e.getMessage().contains("--peers") && e.getMessage().contains("id=host:port"), e.getMessage());
    }
}
