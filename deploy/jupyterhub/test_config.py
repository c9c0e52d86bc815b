"""TEST ONLY: never use this file to serve real users.

The automated test (tests/test_hub.py) and the benchmark (benchmarks/hub.py) start the Hub
with ``jupyterhub -f deploy/jupyterhub/test_config.py``. It loads the real recipe
(``jupyterhub_config.py``) and changes only what a test needs:

* one shared password for every listed user (``shared-password`` authenticator), instead of
  LDAP, OAuth or the Hub's own accounts;
* every user server runs as the current operating-system user
  (``SimpleLocalProcessSpawner``), with its home folder under the test's temporary folder.
  This spawner does not enforce ``mem_limit``;
* a service token with which the test reads the Hub's REST API;
* the test's isolated Jupyter, IPython and XDG folders are passed on to the user servers.

Environment: COCREATE_HUB_TEST_USERS (comma-separated), COCREATE_HUB_TEST_PASSWORD (at least 8
characters), COCREATE_HUB_TEST_TOKEN, COCREATE_HUB_TEST_HUB_PORT and COCREATE_HUB_TEST_API_PORT
(the Hub's and the proxy's internal API ports), and the variables of jupyterhub_config.py
(COCREATE_HUB_STATE must be a temporary folder).
"""

import os
from pathlib import Path

load_subconfig(str(Path(__file__).resolve().parent / "jupyterhub_config.py"))  # noqa: F821
c = get_config()  # noqa: F821

STATE = Path(os.environ["COCREATE_HUB_STATE"]).resolve()

c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = os.environ["COCREATE_HUB_TEST_PASSWORD"]
c.Authenticator.allowed_users = set(os.environ["COCREATE_HUB_TEST_USERS"].split(","))

# Free ports chosen by the test, so that parallel runs do not collide.
c.JupyterHub.hub_port = int(os.environ["COCREATE_HUB_TEST_HUB_PORT"])
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{os.environ['COCREATE_HUB_TEST_API_PORT']}"

c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = str(STATE / "home" / "{username}")

c.JupyterHub.services.append(
    {"name": "cocreate-test", "api_token": os.environ["COCREATE_HUB_TEST_TOKEN"]}
)
c.JupyterHub.load_roles.append(
    {
        "name": "cocreate-test",
        # What the test reads, plus the idle culler's scopes (the test runs one cull pass).
        "scopes": [
            "list:users",
            "read:users",
            "read:users:activity",
            "read:servers",
            "delete:servers",
        ],
        "services": ["cocreate-test"],
    }
)

_ISOLATED = ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR")
_ISOLATED += ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_RUNTIME_DIR")
c.Spawner.environment.update({k: os.environ[k] for k in _ISOLATED if k in os.environ})

# Test machines and CI containers often run as root; jupyter_server refuses that by default.
if hasattr(os, "geteuid") and os.geteuid() == 0:
    c.Spawner.args = [*c.Spawner.args, "--allow-root"]
