package io.eraft.shardkv.shard;

import com.google.protobuf.ByteString;
import io.eraft.api.testkit.SeedExtension;
import io.eraft.api.testkit.TestSeed;
import io.eraft.api.transport.Access;
import io.eraft.api.transport.AccessDeniedException;
import io.eraft.api.transport.NodeId;
import io.eraft.api.transport.Transport;
import io.eraft.shardkv.ctrler.ControllerClerk;
import io.eraft.shardkv.ctrler.ControllerServer;
import io.eraft.shardkv.ctrler.ShardConfig;
import io.eraft.shardkv.kv.KvAccessDeniedException;
import io.eraft.shardkv.kv.KvNotAppliedException;
import io.eraft.shardkv.kv.testing.KvCluster;
import io.eraft.shardkv.kv.testing.StoreKind;
import io.eraft.shardkv.proto.CtrlerCommand;
import io.eraft.shardkv.proto.CtrlerRequest;
import io.eraft.shardkv.proto.CtrlerResponse;
import io.eraft.shardkv.proto.KvStatus;
import io.eraft.shardkv.proto.MigrationRequest;
import io.eraft.shardkv.proto.MoveOp;
import io.eraft.shardkv.proto.ShardRef;
import io.eraft.shardkv.retry.GroupCall;
import io.eraft.shardkv.shard.testing.ShardCluster;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who may use which channel of a sharded cluster: a client reaches the KV protocol and configuration queries only;
 * the migration channel between groups is peer-only and the controller's changes are admin-only, so a client's
 * attempt at either is refused by the transport (AccessDeniedException, reported by clerks as a definite
 * {@link KvAccessDeniedException}) and changes nothing; an admin can move a shard.
 */
@Timeout(120)
class ChannelAccessScenarioTest {
    @RegisterExtension
    static final SeedExtension SEEDS = new SeedExtension();

    private static final int SHARDS = 4;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreKind.class)
    void aClientCannotMigrateOrChangeTheConfigurationAndAnAdminCanMoveAShard(StoreKind kind, TestSeed seed)
            throws Exception {
        try (ShardCluster c = new ShardCluster(kind, seed, dir, SHARDS, 0)) {
            c.startGroup("a");
            c.startGroup("b");
            ShardConfig joined = c.join("a", "b");
            c.awaitSettled(joined.num());

            Transport client = c.transport("client", Access.CLIENT);
            ControllerClerk clientsController = c.controllerClerk(client);
            ShardClerk clerk = ShardClerk.create(client, clientsController, KvCluster.testClerkOptions(), 41);
            byte[] key = b("k");
            clerk.put(key, b("v"));
            assertArrayEquals(b("v"), clerk.get(key).orElseThrow(), "a client uses the KV protocol");
            assertEquals(joined, clientsController.latest(), "a client may query the configuration");

            // The migration channel: a client asking group a to delete a shard it serves is refused, for nothing.
            int shardOfA = joined.shardsOf("a").get(0);
            SortedMap<Integer, ShardState> before = c.group("a").servers().get(0).stateMachine().shardStates();
            byte[] delete = MigrationRequest.newBuilder().setRef(ShardRef.newBuilder().setConfigNum(joined.num())
                    .setShard(shardOfA)).setDelete(true).build().toByteArray();
            for (NodeId server : c.group("a").ids()) {
                ExecutionException e = assertThrows(ExecutionException.class, () -> client.request(server,
                        MigrationHandler.channel("a"), delete, Duration.ofSeconds(2)).get(10, TimeUnit.SECONDS));
                assertTrue(causedByAccessDenied(e), server + " refused the client on the peer channel: " + e);
            }
            for (ShardServer s : c.group("a").servers()) {
                assertEquals(before, s.stateMachine().shardStates(), s + " kept every shard");
            }

            // The admin channel: a client's change is refused by the transport, definitely, and not retried.
            KvAccessDeniedException denied = assertThrows(KvAccessDeniedException.class,
                    () -> clientsController.move(shardOfA, "b"));
            assertInstanceOf(KvNotAppliedException.class, denied);
            // A change sent to the client channel instead is refused by the controller, naming the admin channel.
            CtrlerResponse onClientChannel = CtrlerResponse.parseFrom(client.request(NodeId.of("m0"),
                    ControllerServer.channel(ShardCluster.CONTROLLER), CtrlerRequest.newBuilder()
                            .setCluster(ShardCluster.CONTROLLER).setChange(CtrlerCommand.newBuilder().setClientId(3)
                                    .setSequence(1).setMove(MoveOp.newBuilder().setShard(shardOfA).setGroupId("b")))
                            .build().toByteArray(), Duration.ofSeconds(2)).get(10, TimeUnit.SECONDS));
            assertEquals(KvStatus.KV_STATUS_BAD_REQUEST, onClientChannel.getStatus());
            assertTrue(onClientChannel.getError().contains("'ctrler-admin/ctrler'"), onClientChannel.getError());
            assertEquals(joined, c.admin().latest(), "no configuration was made");
            assertArrayEquals(b("v"), clerk.get(key).orElseThrow(), "the refused requests changed no data");

            // An admin may move the shard.
            ControllerClerk admin = c.controllerClerk(c.transport("operator", Access.ADMIN));
            ShardConfig moved = admin.move(shardOfA, "b");
            assertEquals("b", moved.owner(shardOfA));
            assertNotEquals(joined.num(), moved.num());
            c.awaitSettled(moved.num());
            assertArrayEquals(b("v"), clerk.get(key).orElseThrow(), "the value survived the move");
            for (Map.Entry<Integer, ShardState> e : c.group("b").servers().get(0).stateMachine().shardStates()
                    .entrySet()) {
                assertEquals(ShardState.SERVING, e.getValue(), "group b serves shard " + e.getKey());
            }
        }
    }

    private static boolean causedByAccessDenied(Throwable e) {
        for (Throwable t = GroupCall.unwrap(e); t != null; t = t.getCause()) {
            if (t instanceof AccessDeniedException) {
                return true;
            }
        }
        return false;
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
