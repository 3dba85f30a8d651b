import { type BotContext, isGroupChat } from "./context.js";

/** Telegram's stand-in sender for admins who post anonymously in their group. */
const anonymousAdminBot = 1_087_968_824;

/**
 * True when the sender of this update may change the chat's settings: in a group a creator or
 * administrator, or an admin posting anonymously as the group; in private chats everybody is
 * their own admin. A failed lookup counts as "no" (and is logged): settings stay as they are.
 */
export async function mayChangeSettings(ctx: BotContext): Promise<boolean> {
  const chat = ctx.chat;
  if (!chat || !isGroupChat(ctx)) return true;
  if (ctx.senderChat?.id === chat.id) return true;
  const userId = ctx.from?.id;
  if (userId === undefined || userId === anonymousAdminBot) return false;
  try {
    return await ctx.groups.admins.isAdmin(chat.id, userId, async () => {
      const member = await ctx.api.getChatMember(chat.id, userId);
      return member.status;
    });
  } catch (error) {
    ctx.log.warn({ err: error, chat_id: chat.id }, "could not check admin status");
    return false;
  }
}
