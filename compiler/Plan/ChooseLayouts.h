//===- ChooseLayouts.h - Blocked layouts between library steps -*- C++ -*-===//
//
// oneDNN's convolutions and pools run fastest on blocked activations
// (nChw16c). A value that a forward LIBRARY step (Conv2D, MaxPool,
// AvgPool; float32 NHWC with known channels) writes and that only such steps read,
// as their input 0, stays blocked: the producer writes it blocked, its
// readers take it blocked, and the plain layout comes back only at the
// region's boundaries (the first step reorders its input, the last its
// output). Fetched values stay plain. The choice is recorded as the steps'
// attrs (runtime/abi/library_entries.h).
//
//===----------------------------------------------------------------------===//
#ifndef KILN_COMPILER_PLAN_CHOOSELAYOUTS_H
#define KILN_COMPILER_PLAN_CHOOSELAYOUTS_H

#include "proto/kiln/plan.pb.h"

namespace kiln::compiler {

/// Marks the plan's blocked values on the steps that write and read them;
/// returns how many values are blocked.
int chooseLibraryLayouts(kiln::Plan &plan);

} // namespace kiln::compiler

#endif // KILN_COMPILER_PLAN_CHOOSELAYOUTS_H
