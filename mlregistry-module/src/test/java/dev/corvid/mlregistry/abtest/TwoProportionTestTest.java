package dev.corvid.mlregistry.abtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TwoProportionTestTest {

    @Test
    void matchesATextbookExample() {
        // 45/100 vs 60/100: pooled 0.525, SE 0.07062, z = -2.124, two-sided p = 0.0337.
        var r = TwoProportionTest.test(45, 100, 60, 100);
        assertThat(r.z()).isCloseTo(-2.1241, within(1e-3));
        assertThat(r.pValue()).isCloseTo(0.0337, within(5e-4));
    }

    @Test
    void identicalRatesAreNotSignificant() {
        var r = TwoProportionTest.test(50, 100, 500, 1000);
        assertThat(r.z()).isZero();
        assertThat(r.pValue()).isEqualTo(1.0);
    }

    @Test
    void emptyArmsAndDegenerateRatesGiveNoEvidence() {
        assertThat(TwoProportionTest.test(0, 0, 5, 10).pValue()).isEqualTo(1.0);
        assertThat(TwoProportionTest.test(10, 10, 20, 20).pValue()).isEqualTo(1.0);
    }

    @Test
    void normalCdfIsAccurate() {
        assertThat(TwoProportionTest.normalCdf(1.959964)).isCloseTo(0.975, within(1e-6));
        assertThat(TwoProportionTest.normalCdf(0)).isCloseTo(0.5, within(1e-7));
    }
}
