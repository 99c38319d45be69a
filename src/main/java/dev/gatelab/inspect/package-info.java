/**
 * Experiments on a trained recurrent model, beyond pictures: which input steps a prediction rests on
 * ({@link dev.gatelab.inspect.Saliency}), what happens to the loss when units are silenced where a property holds and
 * elsewhere ({@link dev.gatelab.inspect.Ablation}), where else the units that are on over a span are on
 * ({@link dev.gatelab.inspect.PatternSearch}), and whether a property can be read from the states on held-out data
 * ({@link dev.gatelab.inspect.Probe}). The interventions themselves are {@link dev.gatelab.nn.Intervention}s, run by
 * {@link dev.gatelab.nn.SequenceModel#with}.
 */
package dev.gatelab.inspect;
