package dev.corvid.embedding.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The controller driven by made-up CPU and memory readings, one tick at a time: no threads, no sleeps. */
class PoolControllerTest {

    private static PoolController local(int max) {
        return new PoolController(new PoolController.Settings(1, max, 1, 8192, 1024, 0.69, 0.50, 0.80, 0.70, 0.90,
                3));
    }

    @Test
    void localStartsWithOneWorkerAndGrowsWhileThereIsHeadroomAndWork() {
        PoolController pool = local(4);
        assertThat(pool.workers()).isEqualTo(1);
        assertThat(pool.tick(0.20, 0.30, 100)).isEqualTo(2);
        assertThat(pool.tick(0.30, 0.30, 100)).isEqualTo(3);
        assertThat(pool.tick(0.40, 0.30, 100)).isEqualTo(4);
        assertThat(pool.tick(0.40, 0.30, 100)).isEqualTo(4);
        assertThat(pool.state()).isEqualTo(PoolState.NORMAL);
    }

    @Test
    void noWorkNoGrowthAndIdleWorkersAreGivenBack() {
        PoolController pool = local(4);
        pool.tick(0.1, 0.3, 50);
        pool.tick(0.1, 0.3, 50);
        assertThat(pool.workers()).isEqualTo(3);
        for (int i = 0; i < 9; i++) {
            assertThat(pool.tick(0.1, 0.3, 0)).isEqualTo(3);
        }
        assertThat(pool.tick(0.1, 0.3, 0)).isEqualTo(2);
    }

    @Test
    void cpuStopsGrowthAt69PercentAndResumesBelow50() {
        PoolController pool = local(4);
        pool.tick(0.3, 0.3, 10);
        assertThat(pool.tick(0.70, 0.3, 10)).isEqualTo(2);
        assertThat(pool.state()).isEqualTo(PoolState.PAUSED);
        assertThat(pool.tick(0.60, 0.3, 10)).as("between resume and stop: still paused").isEqualTo(2);
        assertThat(pool.state()).isEqualTo(PoolState.PAUSED);
        assertThat(pool.tick(0.45, 0.3, 10)).isEqualTo(3);
        assertThat(pool.state()).isEqualTo(PoolState.NORMAL);
    }

    @Test
    void aRisingMemoryTrendActsBeforeTheThresholdsAreReached() {
        PoolController pool = local(4);
        pool.tick(0.2, 0.50, 10);
        pool.tick(0.2, 0.60, 10);
        assertThat(pool.workers()).isEqualTo(3);
        // 0.68 now, rising 0.08 a sample: 0.84 two samples ahead, past the 0.80 stop, so it sheds a worker now.
        assertThat(pool.tick(0.2, 0.68, 10)).isEqualTo(2);
        assertThat(pool.predictedMemory()).isCloseTo(0.84, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(pool.state()).isEqualTo(PoolState.PAUSED);
        // 0.76 now, 0.92 predicted: emergency while actual memory is still under 0.90.
        assertThat(pool.tick(0.2, 0.76, 10)).isEqualTo(1);
        assertThat(pool.state()).isEqualTo(PoolState.EMERGENCY);
        assertThat(pool.batchTokens()).isEqualTo(1024);
    }

    @Test
    void memoryAtTheStopLineShedsAWorkerWithoutEmergency() {
        PoolController pool = local(4);
        pool.tick(0.2, 0.78, 10);
        pool.tick(0.2, 0.78, 10);
        assertThat(pool.workers()).isEqualTo(3);
        assertThat(pool.tick(0.2, 0.81, 10)).isEqualTo(2);
        assertThat(pool.state()).isEqualTo(PoolState.PAUSED);
        assertThat(pool.batchTokens()).isEqualTo(8192);
    }

    @Test
    void emergencyRecoversOnlyAfterEnoughCalmSamples() {
        PoolController pool = local(4);
        pool.tick(0.2, 0.95, 10);
        assertThat(pool.state()).isEqualTo(PoolState.EMERGENCY);
        pool.tick(0.2, 0.60, 10);
        pool.tick(0.2, 0.60, 10);
        assertThat(pool.state()).as("two calm samples of three").isEqualTo(PoolState.EMERGENCY);
        pool.tick(0.2, 0.75, 10);
        pool.tick(0.2, 0.60, 10);
        pool.tick(0.2, 0.60, 10);
        assertThat(pool.state()).as("the count restarted after a bad sample").isEqualTo(PoolState.EMERGENCY);
        pool.tick(0.2, 0.60, 10);
        assertThat(pool.state()).isEqualTo(PoolState.NORMAL);
        assertThat(pool.workers()).isEqualTo(2);
        assertThat(pool.batchTokens()).isEqualTo(8192);
    }

    @Test
    void cloudStartsWide() {
        PoolController pool = new PoolController(new PoolController.Settings(1, 8, 8, 8192, 1024, 0.69, 0.5, 0.8, 0.7,
                0.9, 3));
        assertThat(pool.workers()).isEqualTo(8);
        assertThat(pool.tick(0.2, 0.3, 0)).isEqualTo(8);
    }

    @Test
    void inconsistentThresholdsAreRefused() {
        assertThatThrownBy(() -> new PoolController.Settings(1, 2, 1, 8192, 1024, 0.5, 0.69, 0.8, 0.7, 0.9, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cpu-resume");
        assertThatThrownBy(() -> new PoolController.Settings(2, 1, 1, 8192, 1024, 0.69, 0.5, 0.8, 0.7, 0.9, 3))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
