"""Builds and installs the tralign Python package: setuptools drives CMake (no scikit-build).

    /usr/bin/python3 -m pip install --no-build-isolation .        # offline, Debian 12

Needs what `make deps` installs (cmake, g++, libicu-dev, libfmt-dev, libboost-dev, pybind11-dev,
python3-dev, python3-setuptools, python3-wheel, python3-pip). CMake builds the library and the
_tralign extension for the running interpreter in build-pip/ (beside the Makefile's build/);
the package is bindings/python/tralign. CMAKE_BUILD_PARALLEL_LEVEL sets the build's jobs.
"""
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent
BUILD_BASE = "build-pip"  # setuptools' default, build/, is the Makefile's CMake build


def version():
    """The version in include/tralign/version.h."""
    header = (ROOT / "include" / "tralign" / "version.h").read_text(encoding="utf-8")
    return re.search(r'#define TRALIGN_VERSION_STRING "([^"]+)"', header).group(1)


class CMakeExtension(Extension):
    """An extension that CMake builds (target `target` of the project at the root)."""

    def __init__(self, name, target):
        super().__init__(name, sources=[])
        self.target = target


class CMakeBuild(build_ext):
    """Configures the project with only the Python binding and builds the extension target."""

    def build_extension(self, ext):
        if shutil.which("cmake") is None:
            raise RuntimeError("cmake is needed to build tralign (apt-get install -y cmake)")
        output = Path(self.get_ext_fullpath(ext.name)).resolve()
        build_dir = Path(self.build_temp).resolve() / "cmake"
        build_dir.mkdir(parents=True, exist_ok=True)
        config = "Debug" if self.debug else "Release"
        subprocess.run([
            "cmake", "-S", str(ROOT), "-B", str(build_dir), f"-DCMAKE_BUILD_TYPE={config}",
            f"-DPython3_EXECUTABLE={sys.executable}", "-DTRALIGN_BUILD_PYTHON=ON",
            "-DTRALIGN_BUILD_TESTS=OFF", "-DTRALIGN_BUILD_EXAMPLES=OFF",
            "-DTRALIGN_BUILD_BENCHMARKS=OFF", "-DTRALIGN_INSTALL=OFF",
        ], check=True)
        jobs = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL") or str(os.cpu_count() or 1)
        subprocess.run(["cmake", "--build", str(build_dir), "--config", config, "--target",
                        ext.target, "-j", jobs], check=True)
        built = sorted((build_dir / "python" / "tralign").glob("_tralign*.so"))
        if not built:
            raise RuntimeError(f"CMake built no _tralign module in {build_dir}/python/tralign")
        output.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(built[0], output)


(ROOT / BUILD_BASE).mkdir(exist_ok=True)
setup(
    name="tralign",
    version=version(),
    description="Sentence alignment of a text and its translation, with findings (omissions, "
                "additions, untranslated text, drift, mismatches)",
    long_description=(ROOT / "README.md").read_text(encoding="utf-8"),
    long_description_content_type="text/markdown",
    license="MIT",
    python_requires=">=3.8",
    packages=["tralign"],
    package_dir={"tralign": "bindings/python/tralign"},
    package_data={"tralign": ["py.typed", "*.pyi"]},
    ext_modules=[CMakeExtension("tralign._tralign", target="_tralign")],
    cmdclass={"build_ext": CMakeBuild},
    options={"build": {"build_base": BUILD_BASE}, "egg_info": {"egg_base": BUILD_BASE}},
    zip_safe=False,
    classifiers=[
        "Programming Language :: Python :: 3",
        "Programming Language :: C++",
        "Topic :: Text Processing :: Linguistic",
    ],
)
