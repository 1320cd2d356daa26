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
/// Module attr: what of GraphDef.library is not a func.func (polymorphic
/// functions, gradient registrations), serialized.
inline constexpr const char kLibraryAttr[] = "kiln.function_library";
/// Module attr: every library function's name, in the library's order (the
/// functions themselves are func.func, or in kiln.function_library).
inline constexpr const char kFunctionOrderAttr[] = "kiln.function_order";
/// Marks a func.func that is a FunctionDef of the graph's library.
inline constexpr const char kFunctionDefAttr[] = "kiln.function_def";
/// func.func attrs of a FunctionDef: its `attr` map and is_stateful.
inline constexpr const char kFunctionAttrsAttr[] = "kiln.attrs";
inline constexpr const char kIsStatefulAttr[] = "kiln.is_stateful";
/// Result attrs: the output arg's name, or the control output's name.
inline constexpr const char kControlRetAttr[] = "kiln.control_ret";
/// Argument attrs of a FunctionDef: resource_arg_unique_id, handle data.
inline constexpr const char kResourceArgIdAttr[] =
    "kiln.resource_arg_unique_id";
inline constexpr const char kHandleDataAttr[] = "kiln.handle_data";
/// Op attrs: NodeDef.experimental_debug_info and experimental_type, kept as
/// serialized bytes.
inline constexpr const char kDebugInfoAttr[] = "kiln.debug_info";
inline constexpr const char kFullTypeAttr[] = "kiln.full_type";
/// Attr ODS adds to ops with several variadic operand groups.
inline constexpr const char kOperandSegmentsAttr[] = "operandSegmentSizes";

} // namespace kiln::ir

#endif // KILN_IR_TRANSLATE_CONVENTIONS_H
