"""The project's local AWS: moto 5.2.1 in-process, with one shim per gap the hashicorp/aws 5.100.0
provider runs into when it applies the platform's stacks.

    python3 scripts/local-aws/server.py [--host 127.0.0.1] [--port 0] [--node node] [--stop-on-stdin-eof]

Prints exactly one line on stdout, LOCAL_AWS_ENDPOINT=http://<host>:<port>, once the server answers
requests (a free port when --port is 0); everything else goes to stderr. Stops on SIGTERM or SIGINT,
and with --stop-on-stdin-eof also when stdin closes (its parent process ended, however it ended).
Exits 3, with a one-line reason on stderr, when moto is missing or is not the release below.

Shims (each the smallest change that makes the provider's call behave as on AWS):

1. states:ValidateStateMachineDefinition. moto does not implement it: it answers 500, which the
   provider's SDK retries with backoff, and the provider calls it in CustomizeDiff while planning
   any new aws_sfn_state_machine (even with -refresh=false), so such a plan never ends (measured:
   no plan within 120 s). Answered with a real Amazon States Language check: asl-validator (npm),
   ARN and path checks on, through asl-validation.js, in the API's shape {result, diagnostics,
   truncated}. A definition AWS would reject fails the plan here as well.
2. states:ListStateMachineVersions. moto does not implement it (500, retried), and the provider
   calls it on every read of aws_sfn_state_machine, for state_machine_version_arn, so creating a
   state machine never completes (measured: still creating after 150 s and 11 attempts). Answered
   from the versions moto already records (publish=true), newest first as AWS sorts them: an empty
   list for a machine never published.
3. SQS RedrivePolicy. moto keeps the policy as a dict and renders it with json.dumps' default
   separators, '{"deadLetterTargetArn": "...", "maxReceiveCount": 5}', where SQS returns compact
   JSON; the provider compares the strings, so every plan after an apply shows an update of
   aws_sqs_queue.redrive_policy ("whitespace changes"). Queue.attributes, the one place moto renders
   it, re-renders it compact.
4. SQS RedriveAllowPolicy. moto stores the attribute on SetQueueAttributes but leaves it out of
   Queue.BASE_ATTRIBUTES, so GetQueueAttributes never returns it (All) or refuses it by name
   (InvalidAttributeName). aws_sqs_queue_redrive_allow_policy waits after SetQueueAttributes until
   GetQueueAttributes(All) shows the value, so its create never completes (measured: still
   creating after 220 s). Adding
   the name to BASE_ATTRIBUTES (None until set) makes moto return what it already stores; the value
   comes back as sent, which is the compact JSON the provider normalizes it to. An empty value (what
   the provider sets on delete) is left out, as SQS leaves out an unset attribute.
5. SQS Policy kept across SetQueueAttributes. moto's Queue._set_attributes ends with
   self.policy = attributes.get("Policy"), so a SetQueueAttributes that does not name Policy (such
   as aws_sqs_queue_redrive_allow_policy's on a dead-letter queue that also has an
   aws_sqs_queue_policy) erases the queue's policy; SQS changes only the attributes named. The next
   plan finds the policy gone and creates it again (measured: "1 to add" after every apply). The wrapper puts the policy back
   when the request does not name it.
6. EC2 security group rule descriptions. moto's SecurityGroupRule keeps only the id of a
   prefix-list destination and its description property reads the CIDR range alone, so
   DescribeSecurityGroupRules returns no Description for a rule to a prefix list or a security
   group, where EC2 returns the one given. aws_vpc_security_group_egress_rule reads it back, so every
   plan after an apply adds the description again (measured: "1 to change" on the S3 prefix-list
   rule). The rule keeps the description it was created with.
7. EC2 launch template tags. CreateLaunchTemplate's TagSpecifications tag the template itself
   (ResourceType "launch-template"); moto also copies them into the version's LaunchTemplateData,
   where EC2 does not even accept that resource type. aws_launch_template then reads back a
   tag_specifications block it never set (the provider's default tags) and plans a new version
   after every apply. Versions drop "launch-template" tag specifications from their data.
8. Batch compute environments on the service-linked role. CreateComputeEnvironment without a
   serviceRole makes Batch use AWSServiceRoleForBatch (creating it when the account has none yet),
   and DescribeComputeEnvironments then returns that role's ARN. The provider sends serviceRole ""
   for an aws_batch_compute_environment without service_role; moto 5.2.1 refuses it, and a
   request without the field too (measured: ClientException "ServiceRole is required." for both),
   so no compute environment with service_role "service_linked" can be created. The role is
   created in moto's IAM as Batch would (path /aws-service-role/batch.amazonaws.com/) and the
   environment is created with its ARN.

Configuration (moto's own switches, not shims): AWS managed policies are loaded
(MOTO_IAM_LOAD_MANAGED_POLICIES), as the stacks attach AWSBatchServiceRole and its kin; moto skips
them by default to start faster.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from typing import Any

# Read by moto when its IAM backend starts, so it must be set before moto is imported.
os.environ["MOTO_IAM_LOAD_MANAGED_POLICIES"] = "true"

# The shims patch moto's internals: they are written against this release.
MOTO_RELEASE = "5.2.1"
MOTO_INSTALL = f"pipx install 'moto[server]=={MOTO_RELEASE}'"
EXIT_MOTO_UNAVAILABLE = 3

try:
    import moto
    from moto.batch.models import BatchBackend
    from moto.core.responses import ActionResult
    from moto.ec2.models.launch_templates import LaunchTemplateVersion
    from moto.ec2.models.security_groups import SecurityGroupRule
    from moto.iam.exceptions import NotFoundException as IamNotFoundException
    from moto.server import ThreadedMotoServer
    from moto.sqs.models import Queue
    from moto.stepfunctions.exceptions import ValidationException
    from moto.stepfunctions.responses import StepFunctionResponse
except ImportError as missing:
    sys.stderr.write(f"local AWS: {sys.executable} cannot import moto's server ({missing}); install it with: {MOTO_INSTALL}\n")
    sys.exit(EXIT_MOTO_UNAVAILABLE)

LOG = logging.getLogger("local-aws")

VALIDATE_ASL_SCRIPT = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "lib", "local-aws", "asl-validation.js"
)
# ValidateStateMachineDefinition's maxResults: 100 by default and at 0 (Step Functions API reference).
DEFAULT_MAX_DIAGNOSTICS = 100
VALIDATOR_TIMEOUT_SECONDS = 30
READY_TIMEOUT_SECONDS = 120
# The role Batch creates for compute environments without a service role (AWS Batch user guide, "Using service-linked roles").
BATCH_SERVICE_LINKED_ROLE = "AWSServiceRoleForBatch"
BATCH_SERVICE = "batch.amazonaws.com"


def validate_with_asl_validator(node: str, definition: str) -> list[dict[str, Any]]:
    """The diagnostics asl-validation.js finds in `definition`."""
    try:
        completed = subprocess.run(
            [node, VALIDATE_ASL_SCRIPT],
            input=definition.encode("utf-8"),
            capture_output=True,
            timeout=VALIDATOR_TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise ValidationException(f"local AWS: could not run {node} {VALIDATE_ASL_SCRIPT}: {error}")
    if completed.returncode != 0:
        stderr = completed.stderr.decode("utf-8", "replace").strip()
        raise ValidationException(f"local AWS: asl-validation.js exited with {completed.returncode}: {stderr}")
    return json.loads(completed.stdout)["diagnostics"]


def install_state_machine_validation(node: str) -> None:
    """Shim 1: states:ValidateStateMachineDefinition."""

    def validate_state_machine_definition(self: StepFunctionResponse) -> ActionResult:
        # asl-validator reports errors only, which every `severity` filter keeps.
        diagnostics = validate_with_asl_validator(node, self._get_param("definition") or "")
        limit = self._get_param("maxResults") or DEFAULT_MAX_DIAGNOSTICS
        result = "FAIL" if diagnostics else "OK"
        return ActionResult({"result": result, "diagnostics": diagnostics[:limit], "truncated": len(diagnostics) > limit})

    StepFunctionResponse.validate_state_machine_definition = validate_state_machine_definition


def install_state_machine_versions() -> None:
    """Shim 2: states:ListStateMachineVersions."""

    def list_state_machine_versions(self: StepFunctionResponse) -> ActionResult:
        arn = self._get_param("stateMachineArn")
        machine = next((m for m in self.stepfunction_backend.state_machines if m.arn == arn), None)
        versions = sorted(machine.versions.values(), key=lambda v: v.version, reverse=True) if machine else []
        return ActionResult(
            {"stateMachineVersions": [{"stateMachineVersionArn": v.arn, "creationDate": v.creation_date} for v in versions]}
        )

    StepFunctionResponse.list_state_machine_versions = list_state_machine_versions


def install_queue_redrive_attributes() -> None:
    """Shims 3 and 4: SQS RedrivePolicy as compact JSON, RedriveAllowPolicy returned at all."""
    Queue.BASE_ATTRIBUTES = [*Queue.BASE_ATTRIBUTES, "RedriveAllowPolicy"]
    Queue.redrive_allow_policy = None
    moto_attributes = Queue.attributes.fget

    def attributes(self: Queue) -> dict[str, Any]:
        result = moto_attributes(self)
        if self.redrive_policy:
            result["RedrivePolicy"] = json.dumps(self.redrive_policy, separators=(",", ":"))
        if not result.get("RedriveAllowPolicy"):
            result.pop("RedriveAllowPolicy", None)
        return result

    Queue.attributes = property(attributes)


def install_policy_kept_across_attribute_updates() -> None:
    """Shim 5: SetQueueAttributes without Policy leaves the policy alone."""
    moto_set_attributes = Queue._set_attributes

    def set_attributes(self: Queue, attributes: dict[str, Any], now: float | None = None) -> None:
        policy = getattr(self, "policy", None)
        moto_set_attributes(self, attributes, now)
        if "Policy" not in attributes:
            self.policy = policy

    Queue._set_attributes = set_attributes


def install_security_group_rule_descriptions() -> None:
    """Shim 6: a rule to a prefix list or a security group keeps its description."""
    moto_init = SecurityGroupRule.__init__

    def init(self: SecurityGroupRule, ec2_backend: Any, ip_protocol: str, group_id: str, from_port: str | None, to_port: str | None,
             ip_range: dict[str, str] | None, source_group: dict[str, str] | None = None, prefix_list_id: dict[str, str] | None = None,
             is_egress: bool = True, tags: dict[str, str] | None = None) -> None:
        moto_init(self, ec2_backend, ip_protocol, group_id, from_port, to_port, ip_range, source_group, prefix_list_id, is_egress, tags)
        self.prefix_list_description = (prefix_list_id or {}).get("Description")

    def description(self: SecurityGroupRule) -> str | None:
        return self.ip_range.get("Description") or self.source_group.get("Description") or getattr(self, "prefix_list_description", None)

    SecurityGroupRule.__init__ = init
    SecurityGroupRule.description = property(description)


def install_launch_template_tags_kept_apart() -> None:
    """Shim 7: tags of the launch template itself stay out of its versions' data."""
    moto_init = LaunchTemplateVersion.__init__

    def init(self: LaunchTemplateVersion, template: Any, number: int, data: dict[str, Any], description: str) -> None:
        specifications = [s for s in data.get("TagSpecifications", []) if s.get("ResourceType") != "launch-template"]
        data = {key: value for key, value in data.items() if key != "TagSpecifications"}
        if specifications:
            data["TagSpecifications"] = specifications
        moto_init(self, template, number, data, description)

    LaunchTemplateVersion.__init__ = init


def install_batch_service_linked_role() -> None:
    """Shim 8: a compute environment without a service role uses AWSServiceRoleForBatch."""
    moto_create = BatchBackend.create_compute_environment

    def service_linked_role_arn(backend: BatchBackend) -> str:
        try:
            return backend.iam_backend.get_role(BATCH_SERVICE_LINKED_ROLE).arn
        except IamNotFoundException:
            trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": [BATCH_SERVICE]}, "Action": ["sts:AssumeRole"]}]}
            role = backend.iam_backend.create_role(
                BATCH_SERVICE_LINKED_ROLE, json.dumps(trust), f"/aws-service-role/{BATCH_SERVICE}/", None,
                "Allows Batch to create and manage AWS resources on your behalf.", [], "3600", linked_service=BATCH_SERVICE,
            )
            return role.arn

    def create_compute_environment(self: BatchBackend, compute_environment_name: str, _type: str, state: str,
                                   compute_resources: dict[str, Any], service_role: str, tags: dict[str, str] | None = None) -> Any:
        role = service_role or service_linked_role_arn(self)
        return moto_create(self, compute_environment_name, _type, state, compute_resources, role, tags)

    BatchBackend.create_compute_environment = create_compute_environment


def wait_until_answering(endpoint: str) -> None:
    """Returns once the server answers an STS GetCallerIdentity, as the provider's first call would."""
    request = urllib.request.Request(
        endpoint + "/",
        data=b"Action=GetCallerIdentity&Version=2011-06-15",
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            # moto routes a request by the service in its credential scope.
            "Authorization": "AWS4-HMAC-SHA256 Credential=local-aws/20240101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=0",
        },
    )
    deadline = time.monotonic() + READY_TIMEOUT_SECONDS
    while True:
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                response.read()
                return
        except OSError as error:
            if time.monotonic() > deadline:
                raise RuntimeError(f"the server at {endpoint} does not answer: {error}") from error
            time.sleep(0.1)


def set_when_stdin_closes(event: threading.Event) -> None:
    """Reads stdin to its end (nothing is ever written to it), then sets `event`."""
    # os.read, not sys.stdin: a daemon thread blocked inside the buffered reader holds its lock, and
    # the interpreter aborts at exit ("could not acquire lock for <stdin>").
    while os.read(sys.stdin.fileno(), 4096):
        pass
    event.set()


def main() -> int:
    parser = argparse.ArgumentParser(description="The project's local AWS: moto with shims for the hashicorp/aws provider.")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port to listen on; 0 picks a free one (default)")
    parser.add_argument("--node", default="node", help="Node.js binary that runs asl-validation.js (default: node on PATH)")
    parser.add_argument("--stop-on-stdin-eof", action="store_true", help="also stop when stdin closes (for a parent process that owns this server)")
    args = parser.parse_args()
    if moto.__version__ != MOTO_RELEASE:
        sys.stderr.write(f"local AWS: {sys.executable} has moto {moto.__version__}; the shims are written for {MOTO_RELEASE}: {MOTO_INSTALL}\n")
        return EXIT_MOTO_UNAVAILABLE

    # stdout carries the ready line alone: anything moto or a library prints goes to stderr.
    ready_channel = sys.stdout
    sys.stdout = sys.stderr
    logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")

    install_state_machine_validation(args.node)
    install_state_machine_versions()
    install_queue_redrive_attributes()
    install_policy_kept_across_attribute_updates()
    install_security_group_rule_descriptions()
    install_launch_template_tags_kept_apart()
    install_batch_service_linked_role()

    stop_requested = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop_requested.set())
    signal.signal(signal.SIGINT, lambda *_: stop_requested.set())
    if args.stop_on_stdin_eof:
        threading.Thread(target=set_when_stdin_closes, args=(stop_requested,), daemon=True).start()

    server = ThreadedMotoServer(ip_address=args.host, port=args.port, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    try:
        wait_until_answering(endpoint)
    except RuntimeError as error:
        LOG.error("%s", error)
        server.stop()
        return 1
    LOG.info("moto answers at %s", endpoint)
    ready_channel.write(f"LOCAL_AWS_ENDPOINT={endpoint}\n")
    ready_channel.flush()

    while not stop_requested.wait(timeout=1):
        pass
    LOG.info("stopping")
    server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
