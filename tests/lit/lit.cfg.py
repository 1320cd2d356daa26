# lit configuration for Kiln's .mlir tests: one file per pass or op family.
import os
import lit.formats

config.name = "Kiln"
config.test_format = lit.formats.ShTest(execute_external=True)
config.suffixes = [".mlir"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = config.kiln_obj_root
config.excludes = ["CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py.in"]

tool_dirs = [
    os.path.join(config.kiln_tools_dir, "kiln-opt"),
    os.path.join(config.kiln_tools_dir, "kiln-dump"),
    config.llvm_tools_dir,
]
config.environment["PATH"] = os.pathsep.join(
    tool_dirs + [config.environment.get("PATH", os.environ.get("PATH", ""))])
