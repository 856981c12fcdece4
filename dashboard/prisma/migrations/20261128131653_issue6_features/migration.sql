-- CreateTable
CREATE TABLE "jobs" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "payload" JSONB NOT NULL,
    "result" JSONB,
    "error" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "max_attempts" INTEGER NOT NULL DEFAULT 3,
    "progress_percent" INTEGER,
    "progress_message" TEXT,
    "requested_by" TEXT NOT NULL,
    "cancel_requested_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "jobs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ai_sessions" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "title" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ai_sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ai_messages" (
    "id" BIGSERIAL NOT NULL,
    "session_id" UUID NOT NULL,
    "role" TEXT NOT NULL,
    "content" TEXT NOT NULL DEFAULT '',
    "tool_calls" JSONB,
    "tool_call_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ai_messages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ai_actions" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "session_id" UUID,
    "tool_call_id" TEXT,
    "tool" TEXT NOT NULL,
    "arguments" JSONB NOT NULL,
    "summary" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'proposed',
    "result" JSONB,
    "error" TEXT,
    "job_id" UUID,
    "proposed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decided_at" TIMESTAMPTZ(3),
    "decided_by" TEXT,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "ai_actions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "log_analyses" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "host" TEXT NOT NULL,
    "container_id" TEXT NOT NULL,
    "container_name" TEXT NOT NULL,
    "line_count" INTEGER NOT NULL,
    "summary" TEXT NOT NULL,
    "findings" JSONB NOT NULL DEFAULT '[]',
    "model" TEXT NOT NULL,
    "job_id" UUID,
    "requested_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "log_analyses_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "artifacts" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "file_name" TEXT NOT NULL,
    "original_name" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "size_bytes" BIGINT NOT NULL,
    "sha256" TEXT NOT NULL,
    "storage_path" TEXT NOT NULL,
    "text_like" BOOLEAN NOT NULL,
    "uploaded_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "analysis_status" TEXT NOT NULL DEFAULT 'none',
    "analysis" JSONB,
    "analysis_error" TEXT,
    "analysis_job_id" UUID,
    "analyzed_at" TIMESTAMPTZ(3),

    CONSTRAINT "artifacts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "deployments" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "host" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "image" TEXT NOT NULL,
    "pull" BOOLEAN NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "previous_image" TEXT,
    "previous_container_id" TEXT,
    "new_container_id" TEXT,
    "error" TEXT,
    "steps" JSONB NOT NULL DEFAULT '[]',
    "job_id" UUID,
    "requested_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "deployments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "nas_shares" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "protocol" TEXT NOT NULL,
    "server" TEXT NOT NULL,
    "share" TEXT NOT NULL,
    "mount_point" TEXT NOT NULL,
    "options" TEXT NOT NULL DEFAULT '',
    "credentials_file" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "nas_shares_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "plex_imports" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "job_id" UUID NOT NULL,
    "source_path" TEXT NOT NULL,
    "target_path" TEXT NOT NULL,
    "media_type" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "year" INTEGER,
    "season" INTEGER,
    "episode" INTEGER,
    "mode" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "size_bytes" BIGINT NOT NULL,
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "plex_imports_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "jobs_status_created_at_idx" ON "jobs"("status", "created_at");

-- CreateIndex
CREATE INDEX "jobs_kind_created_at_idx" ON "jobs"("kind", "created_at");

-- CreateIndex
CREATE INDEX "ai_sessions_updated_at_idx" ON "ai_sessions"("updated_at");

-- CreateIndex
CREATE INDEX "ai_messages_session_id_id_idx" ON "ai_messages"("session_id", "id");

-- CreateIndex
CREATE INDEX "ai_actions_session_id_proposed_at_idx" ON "ai_actions"("session_id", "proposed_at");

-- CreateIndex
CREATE INDEX "ai_actions_status_idx" ON "ai_actions"("status");

-- CreateIndex
CREATE INDEX "log_analyses_container_name_created_at_idx" ON "log_analyses"("container_name", "created_at");

-- CreateIndex
CREATE INDEX "artifacts_created_at_idx" ON "artifacts"("created_at");

-- CreateIndex
CREATE INDEX "deployments_target_created_at_idx" ON "deployments"("target", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "nas_shares_name_key" ON "nas_shares"("name");

-- CreateIndex
CREATE UNIQUE INDEX "nas_shares_mount_point_key" ON "nas_shares"("mount_point");

-- CreateIndex
CREATE INDEX "plex_imports_job_id_idx" ON "plex_imports"("job_id");

-- CreateIndex
CREATE INDEX "plex_imports_created_at_idx" ON "plex_imports"("created_at");

-- AddForeignKey
ALTER TABLE "ai_messages" ADD CONSTRAINT "ai_messages_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "ai_sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ai_actions" ADD CONSTRAINT "ai_actions_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "ai_sessions"("id") ON DELETE SET NULL ON UPDATE CASCADE;
