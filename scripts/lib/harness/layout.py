"""Where a checkout's build is: its launchers and jars, and the tarball and
.deb it built, unpacked as users install them."""

import shutil
import subprocess
from pathlib import Path


class Checkout:
    """A built checkout of mediachange (./mvnw -q package -DskipTests)."""

    def __init__(self, root):
        self.root = Path(root).resolve()

    def script(self, name):
        """A launcher of the checkout: scripts/NAME."""
        return self.root / "scripts" / name

    def jar(self, module):
        """MODULE/target/MODULE.jar (mediachange-client, mediachange-daemon, mediachange-bench)."""
        return self.root / module / "target" / f"{module}.jar"

    def dependency(self, module, jar_name):
        """A jar the build copied into MODULE/target/lib."""
        return self.root / module / "target" / "lib" / jar_name

    def commit(self):
        """'<short hash> <subject>' of the checkout's HEAD, or 'not a git checkout'."""
        rev = subprocess.run(["git", "-C", str(self.root), "log", "-1", "--format=%h %s"], stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True).stdout.strip()
        return rev[:60] or "not a git checkout"

    def unpack_tarball(self, into):
        """The newest mediachange-*.tar.gz of the build unpacked into `into`; its top directory
        (bin/, etc/, lib/), or None if there is none."""
        tarballs = sorted((self.root / "mediachange-dist/target").glob("mediachange-*.tar.gz"))
        if not tarballs:
            return None
        subprocess.run(["tar", "-xzf", str(tarballs[-1]), "-C", str(into)], check=True)
        return Path(into) / tarballs[-1].name[:-len(".tar.gz")]

    def unpack_deb(self, package, into):
        """The newest PACKAGE_*_all.deb of the build unpacked (dpkg-deb -x) into `into`, which
        then holds usr/ and etc/; `into`, or None if there is no such .deb or no dpkg-deb."""
        debs = sorted((self.root / "mediachange-dist/target").glob(f"{package}_*_all.deb"))
        if not debs or not shutil.which("dpkg-deb"):
            return None
        subprocess.run(["dpkg-deb", "-x", str(debs[-1]), str(into)], check=True)
        return Path(into)
