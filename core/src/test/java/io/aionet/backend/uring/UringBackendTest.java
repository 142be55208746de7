package io.aionet.backend.uring;

import io.aionet.BackendKind;
import io.aionet.LinuxException;
import io.aionet.backend.Backend;
import io.aionet.backend.BackendConfig;
import io.aionet.backend.BackendContractTest;
import io.aionet.uring.IoUring;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The backend contract on io_uring. */
class UringBackendTest extends BackendContractTest {
    @Override
    protected Backend open(BackendConfig config) throws LinuxException {
        assumeTrue(IoUring.isAvailable(), "io_uring unavailable: " + IoUring.unavailabilityCause());
        return UringBackend.open(config);
    }

    @Test
    void itIsTheIoUringBackend() {
        assertEquals(BackendKind.IO_URING, b.kind());
    }
}
