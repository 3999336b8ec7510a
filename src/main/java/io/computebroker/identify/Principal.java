package io.computebroker.identify;

import io.computebroker.classify.sensitivity.Sensitivity;
import io.computebroker.policy.Substitution;

/**
 * Who is calling: the virtual key that authenticated the request, its tenant, and the key's routing
 * profile. {@code sensitivityFloor} is the least sensitivity every request on this key gets (a key with
 * floor {@code confidential} can never send traffic outside owned infrastructure); {@code substitution}
 * and {@code defaultFeature} are null when the key leaves them to the policy. {@code rpmLimit} and
 * {@code tpmLimit} (null: none) cap requests and tokens per minute; {@code admin} keys may read reports.
 */
public record Principal(String keyId, String tenant, String keyName, Sensitivity sensitivityFloor,
                        Substitution substitution, String defaultFeature, Integer rpmLimit, Integer tpmLimit, boolean admin) {
    public Principal {
        if (sensitivityFloor == null) sensitivityFloor = Sensitivity.PUBLIC;
    }

    public Principal(String keyId, String tenant, String keyName, Sensitivity sensitivityFloor, Substitution substitution,
                     String defaultFeature) {
        this(keyId, tenant, keyName, sensitivityFloor, substitution, defaultFeature, null, null, false);
    }

    public static Principal of(String keyId, String tenant, String keyName) {
        return new Principal(keyId, tenant, keyName, Sensitivity.PUBLIC, null, null);
    }
}
