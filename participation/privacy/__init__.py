"""Privacy (RGPD): consent, retention and purge, access and erasure, audit log, registre."""
