"""JupyterHub serving cocreate-kit's apps through Voila, one server per user (see README.md).

Run from a folder that holds the Hub's state (its database and cookie secret):

    jupyterhub -f /path/to/deploy/jupyterhub/jupyterhub_config.py

Settings read from the environment (defaults in brackets):

COCREATE_APPS             folder of app notebooks [the repository's notebooks/]
COCREATE_HUB_IP           address the proxy listens on [127.0.0.1: put a TLS proxy in front]
COCREATE_HUB_PORT         port of the proxy [8000]
COCREATE_HUB_MEM_LIMIT    memory limit per user server [1.5G]; enforced by the spawners that
                          can (systemdspawner, DockerSpawner, KubeSpawner), not by the local
                          process spawners
COCREATE_HUB_CPU_LIMIT    CPU cores per user server [1], same caveat
COCREATE_HUB_CULL_TIMEOUT seconds a user's server may stay idle before the culler stops it
                          [1200]
COCREATE_HUB_CULL_EVERY   seconds between the culler's checks [60]
COCREATE_HUB_STATE        folder for the database, cookie secret and proxy token [current folder]

Authentication is not chosen here: JupyterHub's default is the system's PAM accounts. Pick
LDAP, OAuth or the Hub's native accounts as shown in README.md. ``test_config.py`` next to
this file is for the automated test only (fixed passwords).
"""

import os
import shutil
import sys
from pathlib import Path

from cocreate_kit.hub import singleuser_args
from cocreate_kit.serve import SHARE_DIR

c = get_config()  # noqa: F821  (injected by JupyterHub)

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
APPS = Path(os.environ.get("COCREATE_APPS", REPO / "notebooks")).resolve()
STATE = Path(os.environ.get("COCREATE_HUB_STATE", os.getcwd())).resolve()

# --- Network: the public proxy, the Hub's internal API and the user servers on loopback.
c.JupyterHub.ip = os.environ.get("COCREATE_HUB_IP", "127.0.0.1")
c.JupyterHub.port = int(os.environ.get("COCREATE_HUB_PORT", "8000"))
c.JupyterHub.hub_ip = "127.0.0.1"
c.Spawner.ip = "127.0.0.1"

# --- State of the Hub, never in the apps folder.
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(STATE / "jupyterhub.pid")
c.ConfigurableHTTPProxy.pid_file = str(STATE / "jupyterhub-proxy.pid")

# --- The Hub's pages (login, spawn progress) with AA colour contrast; they load nothing
# from outside the Hub (checked in tests/test_hub.py).
c.JupyterHub.template_paths = [str(HERE / "templates")]

# --- configurable-http-proxy from npm (package.json), as axe-core; else from PATH.
_chp = REPO / "node_modules" / ".bin" / "configurable-http-proxy"
c.ConfigurableHTTPProxy.command = [
    str(_chp) if _chp.exists() else (shutil.which("configurable-http-proxy") or str(_chp))
]

# --- Each user's server: jupyter_server with the kit's extension, which loads Voila with
# the kit's offline template and settings (cocreate_kit/hub.py). Same Python as the Hub.
c.Spawner.cmd = [sys.executable, "-m", "jupyterhub.singleuser"]
c.Spawner.args = singleuser_args(str(APPS))
c.Spawner.default_url = "/voila/tree"
# A user's own ~/.jupyter config cannot re-enable JupyterLab or change the template.
c.Spawner.disable_user_config = True
c.Spawner.notebook_dir = str(APPS)
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
# Measured with benchmarks/hub.py: a viewer's server alone holds about 245 MB, and
# 580-680 MB with one app open (each app's kernel 310-435 MB); 1.5G leaves room for two
# apps open at once.
c.Spawner.mem_limit = os.environ.get("COCREATE_HUB_MEM_LIMIT", "1.5G")
c.Spawner.cpu_limit = float(os.environ.get("COCREATE_HUB_CPU_LIMIT", "1"))

# --- Free memory: stop a user's server at logout, and when idle (jupyterhub-idle-culler).
c.JupyterHub.shutdown_on_logout = True
c.JupyterHub.services = [
    {
        "name": "idle-culler",
        "command": [
            sys.executable,
            "-m",
            "jupyterhub_idle_culler",
            f"--timeout={int(os.environ.get('COCREATE_HUB_CULL_TIMEOUT', '1200'))}",
            f"--cull-every={int(os.environ.get('COCREATE_HUB_CULL_EVERY', '60'))}",
        ],
    }
]
c.JupyterHub.load_roles = [
    {
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    }
]
c.Spawner.environment = {
    # User servers report activity every minute (default five), so the culler sees it.
    "JUPYTERHUB_ACTIVITY_INTERVAL": "60",
    # The kit's Voila template, on the search path from the start: with
    # disable_user_config the single-user server freezes its Jupyter path early.
    "JUPYTER_PATH": str(SHARE_DIR),
}
