-- One database per service (design §2), all owned by the compose user.
CREATE DATABASE calsync_tasks OWNER calsync;
CREATE DATABASE calsync_connector OWNER calsync;
CREATE DATABASE calsync_orchestrator OWNER calsync;
CREATE DATABASE calsync_tokens OWNER calsync;
