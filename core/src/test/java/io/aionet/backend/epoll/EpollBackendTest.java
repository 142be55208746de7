package io.aionet.backend.epoll;

import io.aionet.BackendKind;
import io.aionet.LinuxException;
import io.aionet.backend.Backend;
import io.aionet.backend.BackendConfig;
import io.aionet.backend.BackendContractTest;
import io.aionet.backend.Feature;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The backend contract on epoll: the same tests as io_uring's, on the emulation. */
class EpollBackendTest extends BackendContractTest {
    @Override
    protected Backend open(BackendConfig config) throws LinuxException {
        return EpollBackend.open(config);
    }

    @Test
    void itIsTheEpollBackend() {
        assertEquals(BackendKind.EPOLL, b.kind());
    }

    @Test
    void futexWaitsAreRefusedNamingTheBackend() {
        assertFalse(b.supports(Feature.FUTEX_WAIT));
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> b.futexWait(1, arena.allocate(4), 0));
        assertTrue(e.getMessage().contains("epoll"), e.getMessage());
    }

    @Test
    void linksAreRefusedNamingTheBackend() {
        assertFalse(b.supports(Feature.LINKS));
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, b::link);
        assertTrue(e.getMessage().contains("epoll"), e.getMessage());
    }
}
