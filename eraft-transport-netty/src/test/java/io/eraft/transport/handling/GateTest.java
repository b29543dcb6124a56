package io.eraft.transport.handling;

import io.eraft.api.cluster.ClusterId;
import io.eraft.api.transport.Access;
import io.eraft.api.transport.NodeId;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static io.eraft.transport.testkit.SharedFixtures.CLUSTER;
import static io.eraft.transport.testkit.SharedFixtures.OTHER_CLUSTER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rules by which a node believes a hello, in their order, apart from any transport. */
class GateTest {
    private static final NodeId N1 = NodeId.of("n1");
    private static final NodeId N2 = NodeId.of("n2");
    private static final NodeId N9 = NodeId.of("n9");
    private static final NodeId SHARD_SERVER = NodeId.of("10.0.0.7:7301");

    /** n1, a server of {@code CLUSTER} whose config lists n1 and n2. */
    private final Gate n1 = new Gate(N1, CLUSTER, Access.PEER, Members.of(Set.of(N1, N2), true));

    /** Evidence that proves nothing, naming what it was asked. */
    private static final Evidence DISPROVES = new Evidence() {
        @Override
        public String againstMember(NodeId member) {
            return "it is not " + member;
        }

        @Override
        public String againstAdmin() {
            return "it is no admin";
        }
    };

    @Test
    void aProvenMemberOfTheSameClusterIsAPeer() {
        Verdict verdict = n1.admit(new Claim(N2, CLUSTER, Access.PEER), Evidence.TRUSTED);

        assertTrue(verdict.isAdmitted());
        assertEquals(Access.PEER, verdict.role());
    }

    @Test
    void anotherClusterIsRefusedBeforeMembershipOrEvidenceIsLookedAt() {
        Claim foreign = new Claim(N9, OTHER_CLUSTER, Access.PEER);

        assertEquals("wrong cluster: this is cluster " + CLUSTER + ", the hello named " + OTHER_CLUSTER,
                n1.admit(foreign, DISPROVES).refusal());
        assertNull(n1.memberToProve(foreign), "an address lookup for a hello refused anyway");
        assertEquals("wrong cluster: this is cluster " + CLUSTER + ", the hello named none",
                n1.admit(new Claim(N2, ClusterId.UNKNOWN, Access.PEER), Evidence.TRUSTED).refusal());
    }

    @Test
    void aPeerThatIsNotAMemberIsRefusedButAServerNamedByItsAddressMayBeOne() {
        assertEquals("n9 is not a member of cluster " + CLUSTER,
                n1.admit(new Claim(N9, CLUSTER, Access.PEER), Evidence.TRUSTED).refusal());
        assertTrue(n1.admit(new Claim(SHARD_SERVER, CLUSTER, Access.PEER), Evidence.TRUSTED).isAdmitted());
        assertEquals(SHARD_SERVER, n1.memberToProve(new Claim(SHARD_SERVER, CLUSTER, Access.PEER)));
        assertTrue(n1.admit(new Claim(SHARD_SERVER, CLUSTER, Access.PEER), DISPROVES).refusal()
                .contains("but it is not 10.0.0.7:7301"));
    }

    @Test
    void updateMembersAdmitsAnAddedNodeAsAListedMemberAndRefusesARemovedOneAsNotAMemberOfTheGroup() {
        Gate gate = new Gate(N1, CLUSTER, Access.PEER, Members.of(Set.of(N1, N2, SHARD_SERVER), true));

        Members now = gate.updateMembers(Set.of(N1, N9));

        assertTrue(gate.admit(new Claim(N9, CLUSTER, Access.PEER), Evidence.TRUSTED).isAdmitted());
        assertTrue(now.isListed(N9), "an added member must prove itself");
        assertEquals(N9, gate.memberToProve(new Claim(N9, ClusterId.UNKNOWN, Access.CLIENT)));
        assertEquals("n2 is not a member of the group any more (a membership change removed it; cluster " + CLUSTER
                + ")", gate.admit(new Claim(N2, CLUSTER, Access.PEER), Evidence.TRUSTED).refusal());
        assertTrue(now.wasRemoved(N2) && now.isListed(N2), "a hello naming a former member must still prove it");
        assertTrue(gate.admit(new Claim(N2, ClusterId.UNKNOWN, Access.CLIENT), Evidence.TRUSTED).isAdmitted(),
                "a removed node may still be a client");
        assertTrue(gate.admit(new Claim(SHARD_SERVER, CLUSTER, Access.PEER), Evidence.TRUSTED).isAdmitted(),
                "a removed node named by its address is still admitted as an address-named node");

        gate.updateMembers(Set.of(N1, N2));
        assertTrue(gate.admit(new Claim(N2, CLUSTER, Access.PEER), Evidence.TRUSTED).isAdmitted(), "added back");
        assertFalse(gate.members().wasRemoved(N2));
        assertEquals("n9 is not a member of the group any more (a membership change removed it; cluster " + CLUSTER
                + ")", gate.admit(new Claim(N9, CLUSTER, Access.PEER), Evidence.TRUSTED).refusal());
    }

    @Test
    void updateMembersLeavesANodeThatAdmitsAnyMemberAsItIs() {
        Gate open = new Gate(N1, CLUSTER, Access.PEER, Members.ANY);

        open.updateMembers(Set.of(N1));

        assertTrue(open.admit(new Claim(N9, CLUSTER, Access.PEER), Evidence.TRUSTED).isAdmitted());
        assertFalse(open.members().isKnown());
    }

    @Test
    void aHelloThatNamesAListedMemberMustProveItWhateverRoleItClaims() {
        assertEquals("the hello names member n2 of cluster " + CLUSTER + ", but it is not n2",
                n1.admit(new Claim(N2, CLUSTER, Access.PEER), DISPROVES).refusal());
        assertEquals("the hello names member n2 of cluster " + CLUSTER + ", but it is not n2",
                n1.admit(new Claim(N2, ClusterId.UNKNOWN, Access.CLIENT), DISPROVES).refusal());
    }

    @Test
    void aClientNeedsNoProofAndMayNameNoClusterButNotAnotherOne() {
        Verdict client = n1.admit(new Claim(NodeId.of("clerk"), ClusterId.UNKNOWN, Access.CLIENT), DISPROVES);

        assertEquals(Access.CLIENT, client.role());
        assertTrue(n1.admit(new Claim(NodeId.of("clerk"), OTHER_CLUSTER, Access.CLIENT), Evidence.TRUSTED)
                .refusal().startsWith("wrong cluster"));
    }

    @Test
    void anAdminClaimNeedsItsProof() {
        assertEquals("the hello claims the ADMIN role, but it is no admin",
                n1.admit(new Claim(NodeId.of("ops"), CLUSTER, Access.ADMIN), DISPROVES).refusal());
        assertEquals(Access.ADMIN,
                n1.admit(new Claim(NodeId.of("ops"), CLUSTER, Access.ADMIN), Evidence.TRUSTED).role());
    }

    @Test
    void aNodeThatIsNoServerTakesNoPeers() {
        Gate client = new Gate(NodeId.of("clerk"), ClusterId.UNKNOWN, Access.CLIENT, Members.of(Set.of(N1), false));

        assertEquals("node clerk is not a server of a cluster (it connects as CLIENT) and takes no peer connections",
                client.admit(new Claim(N1, CLUSTER, Access.PEER), Evidence.TRUSTED).refusal());
        assertFalse(client.trustsEveryone());
    }

    @Test
    void aTrustedTestNodeAdmitsEveryClaimAsItIs() {
        Gate trusted = new Gate(N1, ClusterId.UNKNOWN, Access.PEER, Members.ANY);

        assertEquals(Access.PEER, trusted.admit(new Claim(N9, OTHER_CLUSTER, Access.PEER), DISPROVES).role());
        assertNull(trusted.memberToProve(new Claim(N9, OTHER_CLUSTER, Access.PEER)));
    }

    @Test
    void aDialerThatKnowsItsClusterRefusesAnAnswerForAnotherAndAClientChecksNothing() {
        assertEquals("wrong cluster: this is cluster " + CLUSTER + " (node n1), node n2 answered for cluster "
                + OTHER_CLUSTER, n1.refusalOfAcceptor(new Claim(N2, OTHER_CLUSTER, Access.PEER)));
        assertNull(n1.refusalOfAcceptor(new Claim(N2, CLUSTER, Access.PEER)));
        Gate client = new Gate(NodeId.of("clerk"), ClusterId.UNKNOWN, Access.CLIENT, Members.of(Set.of(), false));
        assertNull(client.refusalOfAcceptor(new Claim(N2, OTHER_CLUSTER, Access.PEER)));
    }
}
