package dev.gatelab.inspect;

import dev.gatelab.ArgumentException;
import dev.gatelab.FourDigits;
import dev.gatelab.autograd.Tensor;
import dev.gatelab.nn.Direction;
import dev.gatelab.nn.GateTrace;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Units that track a signal, found without fooling oneself: among many units the largest |r| is large by chance, so
 * the units are chosen on one part of the positions and their r is reported on the other, and the same is done for
 * the same architecture untrained (the null), whose best held-out |r| says what chance alone gives.
 *
 * <pre>{@code
 * TrackingUnits found = TrackingUnits.find(trace, untrainedTrace, "c", positionInLine, firstHalf, 5);
 * found.table();       // rank, unit, r where chosen, r held out, for the trained net and for the null
 * }</pre>
 */
public final class TrackingUnits {
    /**
     * A unit and its correlation with the signal.
     *
     * @param unit the unit
     * @param chosenR Pearson's r on the positions it was chosen on
     * @param heldOutR Pearson's r on the other positions
     */
    public record Unit(int unit, double chosenR, double heldOutR) {}

    private final List<Unit> trained, untrained;

    private TrackingUnits(List<Unit> trained, List<Unit> untrained) {
        this.trained = trained;
        this.untrained = untrained;
    }

    /**
     * @param trace a trace of the trained model
     * @param nullTrace a trace of the same inputs through the same architecture untrained
     * @param name the traced value ("c", "h", a gate), layer 0, forward
     * @param signal one value per sample and step, sample by sample
     * @param chooseOn the positions units are chosen on; r is reported on the rest
     * @param top how many units to keep from each network
     * @return the units, strongest |r| where chosen first
     */
    public static TrackingUnits find(GateTrace trace, GateTrace nullTrace, String name, double[] signal, boolean[] chooseOn, int top) {
        if (trace == null || nullTrace == null) throw new ArgumentException("TrackingUnits.find: both traces are needed");
        if (top < 1) throw new ArgumentException("TrackingUnits.find: top must be >= 1, got " + top);
        return new TrackingUnits(rank(trace, name, signal, chooseOn, top, "trace"),
                rank(nullTrace, name, signal, chooseOn, top, "null trace"));
    }

    private static List<Unit> rank(GateTrace trace, String name, double[] signal, boolean[] chooseOn, int top, String which) {
        int positions = trace.samples() * trace.steps();
        if (signal == null || chooseOn == null || signal.length != positions || chooseOn.length != positions) {
            throw new ArgumentException("TrackingUnits.find: the " + which + " has " + positions + " positions (" + trace.samples()
                    + " samples × " + trace.steps() + " steps), but the signal has " + (signal == null ? "none" : signal.length)
                    + " and chooseOn " + (chooseOn == null ? "none" : chooseOn.length));
        }
        Tensor v = trace.gate(0, Direction.FORWARD, name);
        int width = v.dim(2);
        List<Unit> units = new ArrayList<>();
        for (int j = 0; j < width; j++) units.add(new Unit(j, r(v, width, j, signal, chooseOn, true), r(v, width, j, signal, chooseOn, false)));
        units.sort((a, b) -> Double.compare(Math.abs(b.chosenR()), Math.abs(a.chosenR())));
        return List.copyOf(units.subList(0, Math.min(top, units.size())));
    }

    private static double r(Tensor v, int width, int unit, double[] signal, boolean[] part, boolean which) {
        double n = 0, sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
        for (int p = 0; p < signal.length; p++) {
            double x = v.get(p * width + unit), y = signal[p];
            if (part[p] != which || Double.isNaN(x) || Double.isNaN(y)) continue;
            n++;
            sx += x;
            sy += y;
            sxx += x * x;
            syy += y * y;
            sxy += x * y;
        }
        double cov = sxy - sx * sy / n, vx = sxx - sx * sx / n, vy = syy - sy * sy / n;
        return n > 1 && vx > 0 && vy > 0 ? cov / Math.sqrt(vx * vy) : 0;
    }

    /** @return the trained network's units, strongest where chosen first */
    public List<Unit> trained() {
        return trained;
    }

    /** @return the untrained network's units, chosen the same way */
    public List<Unit> untrained() {
        return untrained;
    }

    /** @return the untrained network's best |r| held out, among the units it would have chosen: chance's level */
    public double nullLevel() {
        double best = 0;
        for (Unit u : untrained) best = Math.max(best, Math.abs(u.heldOutR()));
        return best;
    }

    /** @return network, rank, unit, r where chosen, r held out */
    public Table table() {
        StringColumn net = StringColumn.create("network");
        IntColumn rank = IntColumn.create("rank"), unit = IntColumn.create("unit");
        DoubleColumn chosen = DoubleColumn.create("r where chosen"), held = DoubleColumn.create("r held out");
        for (String which : new String[] {"trained", "untrained"}) {
            List<Unit> list = which.equals("trained") ? trained : untrained;
            for (int k = 0; k < list.size(); k++) {
                net.append(which);
                rank.append(k + 1);
                unit.append(list.get(k).unit());
                chosen.append(list.get(k).chosenR());
                held.append(list.get(k).heldOutR());
            }
        }
        return FourDigits.on(Table.create("units tracking the signal", net, rank, unit, chosen, held));
    }

    @Override
    public String toString() {
        Unit best = trained.get(0);
        return String.format(Locale.ROOT, "TrackingUnits(best unit %d: r %.3f where chosen, %.3f held out; untrained null %.3f)",
                best.unit(), best.chosenR(), best.heldOutR(), nullLevel());
    }
}
