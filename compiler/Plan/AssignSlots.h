//===- AssignSlots.h - Arena slots by liveness ------------------*- C++ -*-===//
//
// Gives each value a step computes an arena slot, reusing a slot once every
// value living in it is dead. Aliases (Reshape, Identity, variable reads)
// share their source's buffer, so a source lives as long as its aliases.
// Values handed to the caller (fetches, and sources of fetched aliases)
// stay out of the arena (slot -1: allocated fresh each run), as do feeds,
// constants and variable reads, which the run does not own. Host and
// device (GPU) values never share a slot.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_COMPILER_PLAN_ASSIGNSLOTS_H
#define KILN_COMPILER_PLAN_ASSIGNSLOTS_H

#include "proto/kiln/plan.pb.h"

namespace kiln::compiler {

/// Sets every value's `slot` and the plan's `num_slots`.
void assignSlots(kiln::Plan &plan);

} // namespace kiln::compiler

#endif // KILN_COMPILER_PLAN_ASSIGNSLOTS_H
