package dev.corvid.mlregistry.abtest;

/**
 * The two-sided two-proportion z-test: are the success rates of two independent samples different? Uses the pooled
 * proportion for the standard error; the normal CDF comes from an erf approximation accurate to 1.5e-7
 * (Abramowitz and Stegun 7.1.26).
 */
public final class TwoProportionTest {

    /**
     * @param z      (pA − pB) / SE, or 0 when either sample is empty or the pooled rate is 0 or 1
     * @param pValue two-sided
     */
    public record Result(double rateA, double rateB, double z, double pValue) {
    }

    private TwoProportionTest() {
    }

    public static Result test(long successA, long totalA, long successB, long totalB) {
        if (successA < 0 || successB < 0 || successA > totalA || successB > totalB) {
            throw new IllegalArgumentException("need 0 <= successes <= totals");
        }
        double rateA = totalA == 0 ? Double.NaN : (double) successA / totalA;
        double rateB = totalB == 0 ? Double.NaN : (double) successB / totalB;
        if (totalA == 0 || totalB == 0) {
            return new Result(rateA, rateB, 0, 1);
        }
        double pooled = (double) (successA + successB) / (totalA + totalB);
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / totalA + 1.0 / totalB));
        if (se == 0) {
            return new Result(rateA, rateB, 0, 1);
        }
        double z = (rateA - rateB) / se;
        double p = 2 * (1 - normalCdf(Math.abs(z)));
        return new Result(rateA, rateB, z, Math.max(0, Math.min(1, p)));
    }

    static double normalCdf(double x) {
        return 0.5 * (1 + erf(x / Math.sqrt(2)));
    }

    private static double erf(double x) {
        double sign = Math.signum(x);
        double a = Math.abs(x);
        double t = 1 / (1 + 0.3275911 * a);
        double y = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t
                + 0.254829592) * t * Math.exp(-a * a);
        return sign * y;
    }
}
