"""Which channel to use: the one the rule asks for, unless the lead has shown they answer elsewhere."""

from __future__ import annotations

from ghl_real_estate_ai.domain.actions import OUTREACH_CHANNELS, Channel, ChannelReplies


def channels_by_responsiveness(replies: ChannelReplies) -> list[Channel]:
    """Outreach channels, most-answered first; ties keep the default order (call, sms, email)."""
    return sorted(OUTREACH_CHANNELS, key=lambda channel: -replies.count(channel))


def choose_channel(preferred: Channel, replies: ChannelReplies) -> Channel:
    """Keep `preferred` if the lead answered it or has no history; else their most-answered channel."""
    if not preferred.reaches_the_lead or replies.total == 0 or replies.count(preferred) > 0:
        return preferred
    return channels_by_responsiveness(replies)[0]


def channel_is_proven(channel: Channel, replies: ChannelReplies) -> bool:
    """Whether the lead has answered on this channel before (agent tasks need no answer)."""
    return not channel.reaches_the_lead or replies.count(channel) > 0
