Content-Type: multipart/mixed; boundary="==BATCH-USER-DATA=="
MIME-Version: 1.0

--==BATCH-USER-DATA==
Content-Type: text/x-shellscript; charset="us-ascii"

#!/bin/bash
# EC2 user data of the batch compute environment. AWS Batch merges it with its own, which is why
# it must be MIME multi-part. The ECS agent reads /etc/ecs/ecs.config when it starts.
set -euo pipefail
cat >> /etc/ecs/ecs.config <<'ECS'
ECS_ENABLE_SPOT_INSTANCE_DRAINING=true
ECS_CONTAINER_STOP_TIMEOUT=120s
ECS_IMAGE_PULL_BEHAVIOR=prefer-cached
ECS

--==BATCH-USER-DATA==--
