-- AlterTable
ALTER TABLE "bot_config" ADD COLUMN     "song_requests" JSONB NOT NULL DEFAULT '{}';

-- CreateTable
CREATE TABLE "youtube_accounts" (
    "user_id" UUID NOT NULL,
    "channel_id" TEXT NOT NULL,
    "channel_title" TEXT NOT NULL,
    "scopes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "access_token_enc" TEXT NOT NULL,
    "refresh_token_enc" TEXT,
    "token_expires_at" TIMESTAMPTZ(3),
    "enabled" BOOLEAN NOT NULL DEFAULT false,
    "broadcast_id" TEXT,
    "live_chat_id" TEXT,
    "page_token" TEXT,
    "quota_blocked_until" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "youtube_accounts_pkey" PRIMARY KEY ("user_id")
);

-- CreateTable
CREATE TABLE "spotify_accounts" (
    "user_id" UUID NOT NULL,
    "spotify_user_id" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "scopes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "access_token_enc" TEXT NOT NULL,
    "refresh_token_enc" TEXT,
    "token_expires_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "spotify_accounts_pkey" PRIMARY KEY ("user_id")
);

-- CreateTable
CREATE TABLE "song_requests" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "platform" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "requester_id" TEXT NOT NULL,
    "requester_name" TEXT NOT NULL,
    "query" TEXT NOT NULL,
    "track_id" TEXT,
    "track_uri" TEXT,
    "track_name" TEXT,
    "artists" TEXT,
    "duration_ms" INTEGER,
    "status" TEXT NOT NULL,
    "reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "song_requests_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "youtube_accounts_channel_id_key" ON "youtube_accounts"("channel_id");

-- CreateIndex
CREATE UNIQUE INDEX "spotify_accounts_spotify_user_id_key" ON "spotify_accounts"("spotify_user_id");

-- CreateIndex
CREATE INDEX "song_requests_user_id_created_at_idx" ON "song_requests"("user_id", "created_at");

-- CreateIndex
CREATE INDEX "song_requests_user_id_requester_id_created_at_idx" ON "song_requests"("user_id", "requester_id", "created_at");

-- AddForeignKey
ALTER TABLE "youtube_accounts" ADD CONSTRAINT "youtube_accounts_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "spotify_accounts" ADD CONSTRAINT "spotify_accounts_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "song_requests" ADD CONSTRAINT "song_requests_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
