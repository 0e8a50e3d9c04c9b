// The English catalogue: every text of the agent app. Each area keeps its own block;
// nl.ts must have the same keys (the type checker holds it to that).
export const en = {
  common: {
    appName: "Helpdesk",
    save: "Save",
    cancel: "Cancel",
    close: "Close",
    delete: "Delete",
    edit: "Edit",
    create: "Create",
    loading: "Loading…",
    error: "Something went wrong: {detail}",
    retry: "Try again",
    none: "None",
    search: "Search",
    language: "Language",
  },

  auth: {
    title: "Log in to Helpdesk",
    email: "E-mail",
    password: "Password",
    submit: "Log in",
    wrong: "Wrong e-mail or password.",
    tooMany: "Too many attempts. Try again in a few minutes.",
    logout: "Log out",
  },

  nav: {
    main: "Main",
    inbox: "Inbox",
    teamChat: "Team chat",
    admin: "Admin",
    me: "My settings",
    notifications: "Notifications",
  },

  inbox: {
    title: "Conversations",
  },

  chat: {
    title: "Team chat",
  },

  me: {
    title: "My settings",
  },

  admin: {
    title: "Admin",
  },
};

type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };
export type Catalogue = Strings<typeof en>;
