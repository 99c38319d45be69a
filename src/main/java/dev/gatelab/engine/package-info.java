/**
 * The engine under the cells: a {@link dev.gatelab.cell.CellDefinition}'s step compiled into two lists of
 * element-wise instructions and products, forward and its reverse-mode derivative ({@link
 * dev.gatelab.engine.CompiledCell}), and run over a block of rows by {@link dev.gatelab.engine.CellStep}, the one
 * route from the layers in {@code dev.gatelab.nn} to the kernels. A user writes cells in {@code dev.gatelab.cell} and
 * never needs this package; it is public for the layers, and for whoever reads how a step becomes kernels.
 */
package dev.gatelab.engine;
