//===- OpGen.h - Generators driven by Kiln's op table -----------*- C++ -*-===//
//
// kiln-opgen turns the one op table (runtime/graph/op_table) into the kiln
// dialect's ODS, the dialect's per-op C++ hooks and the frontend's op
// builders, so each op is written once.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_IR_OPGEN_OPGEN_H
#define KILN_IR_OPGEN_OPGEN_H

#include <string>
#include <vector>

#include "runtime/graph/op_spec.h"

namespace kiln::opgen {

/// ODS definitions of the table's ops of one family ("math", "array", ...).
std::string emitOds(const std::vector<kiln::OpSpec> &ops,
                    const std::string &family);
/// frontend/ops: declarations (ops.gen.h) and definitions (ops.gen.cc) of
/// one builder function per op, e.g. `Output MatMul(const Scope&, Input a,
/// Input b, const MatMul::Attrs& attrs = {})`.
std::string emitFrontendHeader(const std::vector<kiln::OpSpec> &ops);
std::string emitFrontendSource(const std::vector<kiln::OpSpec> &ops);

} // namespace kiln::opgen

#endif // KILN_IR_OPGEN_OPGEN_H
