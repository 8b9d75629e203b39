"""Build hook: ship content/ and layouts/ inside the package and compile the gettext catalogs.

The design card keeps content/ and layouts/ at the top of the repository, where people edit
them; an installed `kort` must not depend on the clone, so the build copies them into
generator/_data/, turns every .po catalog into the .mo that gettext reads, and stores the parsed
hyphenation patterns (generator/hyphen.py says why).
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class BuildWithData(build_py):
    """build_py that also bundles content, layouts and compiled catalogs."""

    def run(self) -> None:
        super().run()
        package = Path(self.build_lib) / "generator"
        data = package / "_data"
        for name in ("content", "layouts"):
            target = data / name
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(ROOT / name, target, ignore=shutil.ignore_patterns("*~", ".*"))
        self._compile_catalogs(package)
        self._compile_hyphenation(package)

    def _compile_catalogs(self, package: Path) -> None:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        for po_path in sorted((ROOT / "generator" / "locale").glob("*/LC_MESSAGES/*.po")):
            rel = po_path.relative_to(ROOT / "generator")
            mo_path = (package / rel).with_suffix(".mo")
            mo_path.parent.mkdir(parents=True, exist_ok=True)
            with po_path.open("rb") as fh:
                catalog = read_po(fh)
            with mo_path.open("wb") as fh:
                write_mo(fh, catalog)

    def _compile_hyphenation(self, package: Path) -> None:
        import importlib.util

        spec = importlib.util.spec_from_file_location("_kort_hyphen", ROOT / "generator" / "hyphen.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.compile_patterns(package)


setup(cmdclass={"build_py": BuildWithData})
