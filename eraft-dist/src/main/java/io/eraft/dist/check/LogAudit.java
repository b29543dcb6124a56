package io.eraft.dist.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Audits the final value of a log key (tokens {@code <client>.<n>;} appended): an acknowledged token missing is a
 * lost write, a token present twice a duplicated write, a token never sent a phantom.
 */
final class LogAudit {
    /** What one key's final value shows. */
    record Finding(String key, List<String> lost, List<String> duplicated, List<String> phantom) {
        boolean clean() {
            return lost.isEmpty() && duplicated.isEmpty() && phantom.isEmpty();
        }
    }

    private LogAudit() {
    }

    /**
     * @param finalValue   the key's value read back at the end (null when absent)
     * @param acknowledged tokens whose append was acknowledged
     * @param sent         every token any client sent (acknowledged or not)
     */
    static Finding audit(String key, String finalValue, List<String> acknowledged, Set<String> sent) {
        Map<String, Integer> seen = new HashMap<>();
        List<String> phantom = new ArrayList<>();
        if (finalValue != null && !finalValue.isEmpty()) {
            for (String t : finalValue.split(";")) {
                String token = t + ";";
                if (seen.merge(token, 1, Integer::sum) == 1 && !sent.contains(token)) {
                    phantom.add(token);
                }
            }
        }
        List<String> lost = new ArrayList<>();
        for (String token : new HashSet<>(acknowledged)) {
            if (!seen.containsKey(token)) {
                lost.add(token);
            }
        }
        List<String> duplicated = new ArrayList<>();
        seen.forEach((token, count) -> {
            if (count > 1) {
                duplicated.add(token);
            }
        });
        lost.sort(null);
        duplicated.sort(null);
        return new Finding(key, lost, duplicated, phantom);
    }
}
