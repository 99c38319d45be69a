/**
 * Gatelab models for other engines: {@link dev.gatelab.export.PyTorchExport} writes any model as a PyTorch module,
 * its cell's equations as code, to train where PyTorch runs and come back to Gatelab to look inside.
 */
package dev.gatelab.export;
