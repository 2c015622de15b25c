// Moderation calls from the studio, in one place so the wire names live in one file.
import { invoke } from './app.js';

export function moderation(hub, roomId) {
  return {
    deleteComment: (commentId) => invoke(hub, 'DeleteComment', roomId, commentId),
    mute: (userId, seconds = 300) => invoke(hub, 'MuteUser', roomId, userId, seconds),
    ban: (userId) => invoke(hub, 'BanUser', roomId, userId),
    unban: (userId) => invoke(hub, 'UnbanUser', roomId, userId),
    slowMode: (seconds) => invoke(hub, 'SetSlowMode', roomId, seconds),
    keywords: (words) => invoke(hub, 'SetBlockedKeywords', roomId, words),
    addModerator: (userId) => invoke(hub, 'AddModerator', roomId, userId),
    removeModerator: (userId) => invoke(hub, 'RemoveModerator', roomId, userId),
  };
}
