package io.computebroker.classify.sensitivity;

/**
 * The kinds of personal or secret data the scanner finds, each with the sensitivity a single finding
 * implies. Why each level:
 * <ul>
 *   <li>RESTRICTED — anything that grants access or enables fraud on its own: credentials (API keys,
 *       private keys, JWTs, other secrets), payment card numbers (PCI scope), and national identifiers
 *       (US SSN, NL BSN, UK NINO), whose processing is legally restricted and which enable identity theft.</li>
 *   <li>CONFIDENTIAL — personal data that identifies or reaches a person but does not by itself grant
 *       access: e-mail, phone, street addresses, and IBANs (an account number is printed on every
 *       invoice; it allows a direct debit mandate only with more data).</li>
 *   <li>INTERNAL — IP addresses (they reveal infrastructure and, weakly, a subscriber) and person names
 *       on their own: in general traffic most names are public figures ("who was Ada Lovelace?"), and
 *       pinning every such prompt to owned models would defeat routing (9.5% of the public QA prompts in
 *       the routing data carry a name). A name next to any contact or identity datum is confidential
 *       through that datum; a key's sensitivity floor covers tenants whose names are all customers.</li>
 * </ul>
 */
public enum EntityType {
    EMAIL(Sensitivity.CONFIDENTIAL),
    PHONE(Sensitivity.CONFIDENTIAL),
    CREDIT_CARD(Sensitivity.RESTRICTED),
    IBAN(Sensitivity.CONFIDENTIAL),
    US_SSN(Sensitivity.RESTRICTED),
    NL_BSN(Sensitivity.RESTRICTED),
    UK_NINO(Sensitivity.RESTRICTED),
    IP_ADDRESS(Sensitivity.INTERNAL),
    STREET_ADDRESS(Sensitivity.CONFIDENTIAL),
    PERSON(Sensitivity.INTERNAL),
    /** A token with a known vendor prefix (sk-, ghp_, AKIA, …). */
    API_KEY(Sensitivity.RESTRICTED),
    /** A PEM private key block. */
    PRIVATE_KEY(Sensitivity.RESTRICTED),
    JWT(Sensitivity.RESTRICTED),
    /** A high-entropy value next to a word like key, token, secret or password. */
    SECRET(Sensitivity.RESTRICTED);

    private final Sensitivity level;

    EntityType(Sensitivity level) {
        this.level = level;
    }

    /** The level one finding of this type implies. */
    public Sensitivity level() {
        return level;
    }
}
