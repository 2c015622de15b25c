// Moderation calls from the studio (host or moderators): the rooms API's REST routes under /api/live/{roomId}.
import { api } from './app.js';

export function moderation(roomId) {
  const room = `/api/live/${encodeURIComponent(roomId)}`;
  const user = (userId) => encodeURIComponent(userId);
  return {
    get: () => api(`${room}/moderation`),
    deleteComment: (commentId) => api(`${room}/comments/${encodeURIComponent(commentId)}`, { method: 'DELETE' }),
    mute: (userId, seconds = 300) => api(`${room}/mutes/${user(userId)}`, { method: 'PUT', body: { seconds } }),
    unmute: (userId) => api(`${room}/mutes/${user(userId)}`, { method: 'DELETE' }),
    ban: (userId) => api(`${room}/bans/${user(userId)}`, { method: 'PUT' }),
    unban: (userId) => api(`${room}/bans/${user(userId)}`, { method: 'DELETE' }),
    slowMode: (seconds) => api(`${room}/slow-mode`, { method: 'PUT', body: { seconds } }),
    subscribersOnly: (enabled) => api(`${room}/subscribers-only`, { method: 'PUT', body: { enabled } }),
    keywords: (keywords) => api(`${room}/blocked-keywords`, { method: 'PUT', body: { keywords } }),
    addModerator: (userId) => api(`${room}/moderators/${user(userId)}`, { method: 'PUT' }),
    removeModerator: (userId) => api(`${room}/moderators/${user(userId)}`, { method: 'DELETE' }),
  };
}
