package dev.gatelab.nn;

import dev.gatelab.ArgumentException;
import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Rng;
import dev.gatelab.autograd.Shapes;
import dev.gatelab.autograd.Tensor;

/** y = x·Wᵀ + b, with PyTorch's weight [out, in] and bias [out]. Accepts [..., in] and returns [..., out]. */
public final class Linear extends Module implements Layer {
    private final int inFeatures;
    private final int outFeatures;
    private final Tensor weight;
    private final Tensor bias;

    /**
     * @param inFeatures the input's last dimension
     * @param outFeatures the output's last dimension
     */
    public Linear(int inFeatures, int outFeatures) {
        this(inFeatures, outFeatures, true, DType.defaultType(), Rng.global());
    }

    /**
     * @param inFeatures the input's last dimension
     * @param outFeatures the output's last dimension
     * @param bias whether there is a bias
     * @param dtype FLOAT32 or FLOAT64
     * @param rng the generator of the initial weights
     */
    public Linear(int inFeatures, int outFeatures, boolean bias, DType dtype, Rng rng) {
        if (inFeatures <= 0 || outFeatures <= 0) {
            throw new ArgumentException("Linear: in_features and out_features must be positive, got "
                    + inFeatures + " and " + outFeatures);
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.weight = register("weight", Init.uniformFanIn(rng, dtype, inFeatures, outFeatures, inFeatures));
        this.bias = bias ? register("bias", Init.uniformFanIn(rng, dtype, inFeatures, outFeatures)) : null;
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input.rank() == 0 || input.dim(-1) != inFeatures) {
            throw new ArgumentException(this + ": input must end in in_features=" + inFeatures + ", got shape "
                    + Shapes.text(input.shape()));
        }
        int[] outShape = input.shape();
        outShape[outShape.length - 1] = outFeatures;
        Tensor flat = input.rank() == 2 ? input : input.reshape(-1, inFeatures);
        Tensor y = flat.matmulT(weight);
        if (bias != null) y = y.add(bias);
        return input.rank() == 2 ? y : y.reshape(outShape);
    }

    /**
     * @return the weight, [outFeatures, inFeatures]
     */
    public Tensor weight() {
        return weight;
    }

    /**
     * @return the bias, [outFeatures], or null
     */
    public Tensor bias() {
        return bias;
    }

    @Override
    public String toString() {
        return "Linear(in_features=" + inFeatures + ", out_features=" + outFeatures + ", bias=" + (bias != null) + ")";
    }
}
