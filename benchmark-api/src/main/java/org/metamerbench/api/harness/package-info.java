/**
 * What the harness and the engine adapters share beside the authoring API, which is the package
 * {@code org.metamerbench.api}: the one rule for names that become paths ({@link org.metamerbench.api.harness.SafeName},
 * which the card applies to ids and stage names), and the engine-loop contract
 * ({@link org.metamerbench.api.harness.SynthesisLoop}) that an engine adapter implements to run the whole synthesis
 * loop in its engine, and the optimiser of inputs held as plain arrays ({@link org.metamerbench.api.harness.ArrayAdam}).
 * A model author needs none of it.
 */
package org.metamerbench.api.harness;
