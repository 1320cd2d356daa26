//===- Conventions.h - How a GraphDef is laid out in MLIR -------*- C++ -*-===//
//
// Attribute names the importer writes and the exporter reads.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_IR_TRANSLATE_CONVENTIONS_H
#define KILN_IR_TRANSLATE_CONVENTIONS_H

namespace kiln::ir {

/// Argument attr: the Placeholder node's name.
inline constexpr const char kNodeNameAttr[] = "kiln.name";
/// Op attr: NodeDef.device.
inline constexpr const char kDeviceAttr[] = "device";
/// Argument attrs (func arguments take dialect attrs only): the Placeholder's
/// device and its other NodeDef attrs (`_user_specified_name`, ...).
inline constexpr const char kArgDeviceAttr[] = "kiln.device";
inline constexpr const char kArgNodeAttrsAttr[] = "kiln.attrs";
/// Module attr: GraphDef.versions as {producer, min_consumer, bad_consumers}.
inline constexpr const char kVersionsAttr[] = "kiln.versions";
/// Module attr: GraphDef.library, serialized, until functions are imported
/// as func.func (the function-tracing issue).
inline constexpr const char kLibraryAttr[] = "kiln.function_library";
/// Attr ODS adds to ops with several variadic operand groups.
inline constexpr const char kOperandSegmentsAttr[] = "operandSegmentSizes";

} // namespace kiln::ir

#endif // KILN_IR_TRANSLATE_CONVENTIONS_H
