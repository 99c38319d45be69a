package dev.gatelab.optim;

import dev.gatelab.ArgumentException;

/** η = η_min + (η₀ − η_min)·(1 + cos(π·epoch/T_max))/2: half a cosine down to η_min over T_max epochs, then back up. */
public final class CosineAnnealingLR extends EpochSchedule {
    private final int tMax;
    private final double etaMin;

    /**
     * @param optimizer the optimizer whose rate it sets
     * @param tMax epochs of half a cosine period
     * @param etaMin the lowest rate
     */
    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin) {
        super(optimizer);
        if (tMax <= 0) throw new ArgumentException("CosineAnnealingLR: T_max must be positive, got " + tMax);
        this.tMax = tMax;
        this.etaMin = etaMin;
    }

    @Override
    protected double rate(int epoch, double current) {
        return etaMin + (baseLr - etaMin) * (1 + Math.cos(Math.PI * epoch / tMax)) / 2;
    }
}
