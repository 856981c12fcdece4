-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "twitch_id" TEXT,
    "login" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "scopes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "access_token_enc" TEXT,
    "refresh_token_enc" TEXT,
    "token_expires_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
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

-- CreateTable
CREATE TABLE "bot_config" (
    "user_id" UUID NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT false,
    "channels" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "prefix" TEXT NOT NULL DEFAULT '!',
    "builtin_commands" JSONB NOT NULL DEFAULT '{}',
    "fact_settings" JSONB NOT NULL DEFAULT '{}',
    "personality" JSONB NOT NULL DEFAULT '{}',
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "bot_config_pkey" PRIMARY KEY ("user_id")
);

-- CreateTable
CREATE TABLE "bot_commands" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "response" TEXT NOT NULL,
    "permission" TEXT NOT NULL DEFAULT 'everyone',
    "global_cooldown_seconds" INTEGER NOT NULL DEFAULT 0,
    "user_cooldown_seconds" INTEGER NOT NULL DEFAULT 0,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "use_count" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "bot_commands_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "bot_timers" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "interval_minutes" INTEGER NOT NULL,
    "min_chat_lines" INTEGER NOT NULL DEFAULT 5,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "bot_timers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "chat_messages" (
    "id" BIGSERIAL NOT NULL,
    "platform" TEXT NOT NULL DEFAULT 'twitch',
    "channel" TEXT NOT NULL,
    "message_id" TEXT NOT NULL,
    "chatter_id" TEXT NOT NULL,
    "chatter_login" TEXT NOT NULL,
    "chatter_name" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "command" TEXT,
    "badges" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "sent_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "chat_messages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "chatters" (
    "platform" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "chatter_id" TEXT NOT NULL,
    "login" TEXT NOT NULL,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "messages" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "chatters_pkey" PRIMARY KEY ("platform","channel","chatter_id")
);

-- CreateTable
CREATE TABLE "stream_sessions" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "platform" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "last_message_at" TIMESTAMPTZ(3) NOT NULL,
    "ended_at" TIMESTAMPTZ(3),

    CONSTRAINT "stream_sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "analytics" (
    "platform" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "messages" INTEGER NOT NULL DEFAULT 0,
    "unique_chatters" INTEGER NOT NULL DEFAULT 0,
    "new_chatters" INTEGER NOT NULL DEFAULT 0,
    "commands_run" INTEGER NOT NULL DEFAULT 0,
    "peak_per_minute" INTEGER NOT NULL DEFAULT 0,
    "command_usage" JSONB NOT NULL DEFAULT '{}',
    "top_chatters" JSONB NOT NULL DEFAULT '[]',
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "analytics_pkey" PRIMARY KEY ("platform","channel","day")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_twitch_id_key" ON "users"("twitch_id");

-- CreateIndex
CREATE UNIQUE INDEX "users_login_key" ON "users"("login");

-- CreateIndex
CREATE INDEX "sessions_user_id_idx" ON "sessions"("user_id");

-- CreateIndex
CREATE INDEX "sessions_expires_at_idx" ON "sessions"("expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "bot_commands_user_id_name_key" ON "bot_commands"("user_id", "name");

-- CreateIndex
CREATE UNIQUE INDEX "bot_timers_user_id_name_key" ON "bot_timers"("user_id", "name");

-- CreateIndex
CREATE INDEX "chat_messages_platform_channel_sent_at_idx" ON "chat_messages"("platform", "channel", "sent_at");

-- CreateIndex
CREATE INDEX "chat_messages_sent_at_idx" ON "chat_messages"("sent_at");

-- CreateIndex
CREATE UNIQUE INDEX "chat_messages_platform_message_id_key" ON "chat_messages"("platform", "message_id");

-- CreateIndex
CREATE INDEX "chatters_platform_channel_first_seen_at_idx" ON "chatters"("platform", "channel", "first_seen_at");

-- CreateIndex
CREATE INDEX "stream_sessions_platform_channel_started_at_idx" ON "stream_sessions"("platform", "channel", "started_at");

-- AddForeignKey
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bot_config" ADD CONSTRAINT "bot_config_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bot_commands" ADD CONSTRAINT "bot_commands_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bot_timers" ADD CONSTRAINT "bot_timers_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
