package dev.gatelab.optim;

import dev.gatelab.autograd.Tensor;
import java.util.List;

/** Adam with decoupled weight decay, as torch.optim.AdamW (default weight_decay 0.01). See {@link Adam}. */
public final class AdamW extends Adam {
    /**
     * AdamW with PyTorch's defaults (weight decay 0.01).
     *
     * @param params the parameters
     * @param lr the learning rate
     */
    public AdamW(List<Tensor> params, double lr) {
        super(params, lr, true);
    }
}
