-- CreateTable
CREATE TABLE "guild_settings" (
    "guild_id" TEXT NOT NULL,
    "ticket_category_id" TEXT,
    "staff_role_ids" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "max_open_tickets_per_member" INTEGER NOT NULL DEFAULT 1,
    "ticket_questions" JSONB NOT NULL DEFAULT '[]',
    "auto_close_hours" INTEGER,
    "panel_channel_id" TEXT,
    "panel_message_id" TEXT,
    "unverified_role_id" TEXT,
    "verified_role_id" TEXT,
    "verification_question" TEXT,
    "verification_answer" TEXT,
    "log_channel_id" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "guild_settings_pkey" PRIMARY KEY ("guild_id")
);

-- CreateTable
CREATE TABLE "tickets" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "guild_id" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "channel_id" TEXT,
    "opener_id" TEXT NOT NULL,
    "opener_tag" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "answers" JSONB NOT NULL DEFAULT '[]',
    "member_ids" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "claimed_by" TEXT,
    "closed_by" TEXT,
    "close_reason" TEXT,
    "opened_via" TEXT NOT NULL DEFAULT 'discord',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_activity_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closed_at" TIMESTAMPTZ(3),

    CONSTRAINT "tickets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ticket_messages" (
    "id" BIGSERIAL NOT NULL,
    "ticket_id" UUID NOT NULL,
    "message_id" TEXT NOT NULL,
    "author_id" TEXT NOT NULL,
    "author_tag" TEXT NOT NULL,
    "author_is_bot" BOOLEAN NOT NULL DEFAULT false,
    "content" TEXT NOT NULL,
    "attachments" JSONB NOT NULL DEFAULT '[]',
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "edited_at" TIMESTAMPTZ(3),
    "deleted_at" TIMESTAMPTZ(3),

    CONSTRAINT "ticket_messages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "verification" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "guild_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "user_tag" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "answer" TEXT,
    "via" TEXT NOT NULL,
    "actor_id" TEXT,
    "detail" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "verification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "role_panels" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "guild_id" TEXT NOT NULL,
    "channel_id" TEXT NOT NULL,
    "message_id" TEXT,
    "title" TEXT NOT NULL,
    "single_choice" BOOLEAN NOT NULL DEFAULT false,
    "roles" JSONB NOT NULL DEFAULT '[]',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "role_panels_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "roles" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "guild_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "role_id" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "actor_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "roles_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "moderation_logs" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "guild_id" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "moderator_id" TEXT NOT NULL,
    "moderator_tag" TEXT NOT NULL,
    "target_id" TEXT NOT NULL,
    "target_tag" TEXT NOT NULL,
    "reason" TEXT,
    "duration_seconds" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "moderation_logs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "discord_id" TEXT NOT NULL,
    "username" TEXT NOT NULL,
    "global_name" TEXT,
    "avatar" TEXT,
    "access_token_enc" TEXT,
    "refresh_token_enc" TEXT,
    "token_expires_at" TIMESTAMPTZ(3),
    "managed_guild_ids" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_login_at" TIMESTAMPTZ(3),

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sessions" (
    "id" TEXT NOT NULL,
    "user_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "sessions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "tickets_channel_id_key" ON "tickets"("channel_id");

-- CreateIndex
CREATE INDEX "tickets_guild_id_status_created_at_idx" ON "tickets"("guild_id", "status", "created_at");

-- CreateIndex
CREATE INDEX "tickets_opener_id_status_idx" ON "tickets"("opener_id", "status");

-- CreateIndex
CREATE INDEX "tickets_status_last_activity_at_idx" ON "tickets"("status", "last_activity_at");

-- CreateIndex
CREATE UNIQUE INDEX "tickets_guild_id_number_key" ON "tickets"("guild_id", "number");

-- CreateIndex
CREATE UNIQUE INDEX "ticket_messages_message_id_key" ON "ticket_messages"("message_id");

-- CreateIndex
CREATE INDEX "ticket_messages_ticket_id_created_at_idx" ON "ticket_messages"("ticket_id", "created_at");

-- CreateIndex
CREATE INDEX "verification_guild_id_created_at_idx" ON "verification"("guild_id", "created_at");

-- CreateIndex
CREATE INDEX "verification_guild_id_user_id_idx" ON "verification"("guild_id", "user_id");

-- CreateIndex
CREATE UNIQUE INDEX "role_panels_message_id_key" ON "role_panels"("message_id");

-- CreateIndex
CREATE INDEX "role_panels_guild_id_idx" ON "role_panels"("guild_id");

-- CreateIndex
CREATE INDEX "roles_guild_id_created_at_idx" ON "roles"("guild_id", "created_at");

-- CreateIndex
CREATE INDEX "roles_guild_id_user_id_idx" ON "roles"("guild_id", "user_id");

-- CreateIndex
CREATE INDEX "moderation_logs_guild_id_created_at_idx" ON "moderation_logs"("guild_id", "created_at");

-- CreateIndex
CREATE INDEX "moderation_logs_guild_id_target_id_idx" ON "moderation_logs"("guild_id", "target_id");

-- CreateIndex
CREATE INDEX "moderation_logs_guild_id_action_created_at_idx" ON "moderation_logs"("guild_id", "action", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "users_discord_id_key" ON "users"("discord_id");

-- CreateIndex
CREATE INDEX "sessions_user_id_idx" ON "sessions"("user_id");

-- CreateIndex
CREATE INDEX "sessions_expires_at_idx" ON "sessions"("expires_at");

-- AddForeignKey
ALTER TABLE "ticket_messages" ADD CONSTRAINT "ticket_messages_ticket_id_fkey" FOREIGN KEY ("ticket_id") REFERENCES "tickets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
