package io.eraft.transport.netty;

import io.eraft.api.transport.NodeId;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The eraft identities a certificate carries, as subject alternative names of type URI:
 * {@code urn:eraft:peer:<node id>} for a server of the cluster (it may connect as that node, in any role), and
 * {@code urn:eraft:admin:<name>} for an operator. A certificate with neither is a client's: it can only connect as
 * a {@link io.eraft.api.transport.Access#CLIENT}. A node id may be percent-encoded in the URI ({@code %5B} for '[').
 *
 * @param peers  the nodes the certificate names
 * @param admins the admin names it carries
 */
record CertificateNames(Set<NodeId> peers, Set<String> admins) {
    /** The URI prefix of a peer's name. */
    static final String PEER = "urn:eraft:peer:";
    /** The URI prefix of an admin's name. */
    static final String ADMIN = "urn:eraft:admin:";
    private static final int URI_NAME = 6;
    private static final CertificateNames NONE = new CertificateNames(Set.of(), Set.of());

    CertificateNames {
        peers = Set.copyOf(peers);
        admins = Set.copyOf(admins);
    }

    /** The names in the leaf certificate of {@code chain} (none if there is none or it is not X.509). */
    static CertificateNames of(Certificate[] chain) {
        if (chain == null || chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
            return NONE;
        }
        Collection<List<?>> names;
        try {
            names = leaf.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return NONE;
        }
        if (names == null) {
            return NONE;
        }
        Set<NodeId> peers = new TreeSet<>();
        Set<String> admins = new TreeSet<>();
        for (List<?> name : names) {
            if (name.size() < 2 || !Integer.valueOf(URI_NAME).equals(name.get(0))
                    || !(name.get(1) instanceof String uri)) {
                continue;
            }
            String lower = uri.toLowerCase(Locale.ROOT);
            if (lower.startsWith(PEER)) {
                NodeId node = nodeId(decode(uri.substring(PEER.length())));
                if (node != null) {
                    peers.add(node);
                }
            } else if (lower.startsWith(ADMIN) && uri.length() > ADMIN.length()) {
                admins.add(decode(uri.substring(ADMIN.length())));
            }
        }
        return new CertificateNames(peers, admins);
    }

    /** What the certificate names, for refusals: "the certificate names peer(s) [b]", or that it names none. */
    String describe() {
        if (peers.isEmpty() && admins.isEmpty()) {
            return "the certificate carries no " + PEER + " or " + ADMIN + " name (a client certificate)";
        }
        return "the certificate names " + (peers.isEmpty() ? "no peer" : "peer(s) " + peers)
                + (admins.isEmpty() ? "" : " and admin(s) " + admins);
    }

    private static NodeId nodeId(String text) {
        try {
            return NodeId.of(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** {@code text} with %XX escapes decoded (as UTF-8); a malformed escape is kept as it is. */
    private static String decode(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int high = c == '%' && i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
            int low = high >= 0 ? Character.digit(text.charAt(i + 2), 16) : -1;
            if (low >= 0) {
                out.write(high * 16 + low);
                i += 2;
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
